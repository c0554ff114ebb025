ALTER TYPE "public"."upload_source" ADD VALUE 'shopify-jsonl';--> statement-breakpoint
CREATE TABLE "upload_line" (
	"job_id" text NOT NULL,
	"line_hash" text NOT NULL,
	"row_number" integer NOT NULL,
	CONSTRAINT "upload_line_job_id_line_hash_pk" PRIMARY KEY("job_id","line_hash")
);
--> statement-breakpoint
ALTER TABLE "multipart_upload" ADD COLUMN "topic" text;--> statement-breakpoint
ALTER TABLE "upload_job" ADD COLUMN "topic" text;--> statement-breakpoint
ALTER TABLE "upload_line" ADD CONSTRAINT "upload_line_job_id_upload_job_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."upload_job"("id") ON DELETE no action ON UPDATE no action;