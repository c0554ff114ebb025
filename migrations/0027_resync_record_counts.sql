ALTER TABLE "resync_operation" ADD COLUMN "records" bigint;--> statement-breakpoint
ALTER TABLE "resync_operation" ADD COLUMN "records_created_before" bigint;