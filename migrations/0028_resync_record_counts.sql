ALTER TABLE "quality_result" ALTER COLUMN "score" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "quality_result" ADD COLUMN "skipped" text;--> statement-breakpoint
ALTER TABLE "resync_operation" ADD COLUMN "records" bigint;--> statement-breakpoint
ALTER TABLE "resync_operation" ADD COLUMN "records_created_before" bigint;