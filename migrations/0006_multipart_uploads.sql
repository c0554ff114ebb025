CREATE TABLE "multipart_part" (
	"upload_id" text NOT NULL,
	"part_number" integer NOT NULL,
	"etag" text NOT NULL,
	"bytes" bigint NOT NULL,
	CONSTRAINT "multipart_part_upload_id_part_number_pk" PRIMARY KEY("upload_id","part_number")
);
--> statement-breakpoint
CREATE TABLE "multipart_upload" (
	"id" text PRIMARY KEY NOT NULL,
	"shop_id" integer NOT NULL,
	"source" "upload_source" NOT NULL,
	"raw_key" text NOT NULL,
	"r2_upload_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_job_id" text,
	"aborted_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "multipart_part" ADD CONSTRAINT "multipart_part_upload_id_multipart_upload_id_fk" FOREIGN KEY ("upload_id") REFERENCES "public"."multipart_upload"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "multipart_upload" ADD CONSTRAINT "multipart_upload_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;