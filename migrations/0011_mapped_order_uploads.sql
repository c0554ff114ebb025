ALTER TYPE "public"."upload_source" ADD VALUE 'mapped-orders';--> statement-breakpoint
CREATE TABLE "order_mapping" (
	"id" text PRIMARY KEY NOT NULL,
	"shop_id" integer NOT NULL,
	"name" text NOT NULL,
	"definition" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "fact_sales_line" ADD COLUMN "currency" text;--> statement-breakpoint
ALTER TABLE "fact_sales_line" ADD COLUMN "channel" text;--> statement-breakpoint
ALTER TABLE "multipart_upload" ADD COLUMN "mapping_id" text;--> statement-breakpoint
ALTER TABLE "upload_job" ADD COLUMN "mapping_id" text;--> statement-breakpoint
ALTER TABLE "order_mapping" ADD CONSTRAINT "order_mapping_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "order_mapping_shop_name" ON "order_mapping" USING btree ("shop_id","name");--> statement-breakpoint
ALTER TABLE "multipart_upload" ADD CONSTRAINT "multipart_upload_mapping_id_order_mapping_id_fk" FOREIGN KEY ("mapping_id") REFERENCES "public"."order_mapping"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "upload_job" ADD CONSTRAINT "upload_job_mapping_id_order_mapping_id_fk" FOREIGN KEY ("mapping_id") REFERENCES "public"."order_mapping"("id") ON DELETE no action ON UPDATE no action;