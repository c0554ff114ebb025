CREATE TYPE "public"."job_status" AS ENUM('queued', 'splitting', 'loading', 'done', 'failed');--> statement-breakpoint
CREATE TYPE "public"."upload_source" AS ENUM('retail-csv');--> statement-breakpoint
CREATE TABLE "fact_sales_line" (
	"shop_id" integer NOT NULL,
	"job_id" text NOT NULL,
	"row_number" integer NOT NULL,
	"line_hash" text NOT NULL,
	"invoice_no" text NOT NULL,
	"stock_code" text NOT NULL,
	"description" text,
	"quantity" integer NOT NULL,
	"unit_price" numeric NOT NULL,
	"line_total" numeric GENERATED ALWAYS AS (quantity * unit_price) STORED,
	"invoiced_at" timestamp with time zone NOT NULL,
	"invoice_date_key" integer NOT NULL,
	"customer_id" text,
	"is_guest" boolean NOT NULL,
	"country" text,
	"is_return" boolean NOT NULL,
	"raw_key" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fact_sales_line_shop_id_job_id_row_number_pk" PRIMARY KEY("shop_id","job_id","row_number")
);
--> statement-breakpoint
CREATE TABLE "upload_chunk" (
	"job_id" text NOT NULL,
	"chunk" integer NOT NULL,
	"shop_id" integer NOT NULL,
	"start_byte" bigint NOT NULL,
	"end_byte" bigint NOT NULL,
	"first_row" integer NOT NULL,
	"rows_seen" integer,
	"rows_loaded" integer,
	"rows_rejected" integer,
	"rows_duplicate" integer,
	"loaded_at" timestamp with time zone,
	CONSTRAINT "upload_chunk_job_id_chunk_pk" PRIMARY KEY("job_id","chunk")
);
--> statement-breakpoint
CREATE TABLE "upload_job" (
	"id" text PRIMARY KEY NOT NULL,
	"shop_id" integer NOT NULL,
	"source" "upload_source" NOT NULL,
	"raw_key" text NOT NULL,
	"bytes" bigint NOT NULL,
	"content_md5" text,
	"status" "job_status" NOT NULL,
	"header" text,
	"chunks_total" integer,
	"chunks_done" integer DEFAULT 0 NOT NULL,
	"rows_seen" bigint DEFAULT 0 NOT NULL,
	"rows_loaded" bigint DEFAULT 0 NOT NULL,
	"rows_rejected" bigint DEFAULT 0 NOT NULL,
	"rows_duplicate" bigint DEFAULT 0 NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "upload_reject" (
	"job_id" text NOT NULL,
	"row_number" integer NOT NULL,
	"shop_id" integer NOT NULL,
	"line_hash" text NOT NULL,
	"field" text NOT NULL,
	"value" text,
	"reason" text NOT NULL,
	CONSTRAINT "upload_reject_job_id_row_number_pk" PRIMARY KEY("job_id","row_number")
);
--> statement-breakpoint
ALTER TABLE "fact_sales_line" ADD CONSTRAINT "fact_sales_line_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "upload_chunk" ADD CONSTRAINT "upload_chunk_job_id_upload_job_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."upload_job"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "upload_chunk" ADD CONSTRAINT "upload_chunk_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "upload_job" ADD CONSTRAINT "upload_job_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "upload_reject" ADD CONSTRAINT "upload_reject_job_id_upload_job_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."upload_job"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "upload_reject" ADD CONSTRAINT "upload_reject_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "fact_sales_line_dedupe" ON "fact_sales_line" USING btree ("job_id","line_hash");--> statement-breakpoint
CREATE INDEX "fact_sales_line_invoice" ON "fact_sales_line" USING btree ("shop_id","invoice_no");--> statement-breakpoint
CREATE INDEX "upload_job_shop" ON "upload_job" USING btree ("shop_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "upload_reject_dedupe" ON "upload_reject" USING btree ("job_id","line_hash");