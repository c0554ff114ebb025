-- A paginated export (refund line items, discount codes) runs a slice of parents per tick: where it got to, and how many slices it wrote.
ALTER TABLE "resync_operation" ADD COLUMN "export_cursor" text;--> statement-breakpoint
ALTER TABLE "resync_operation" ADD COLUMN "export_slices" integer DEFAULT 0 NOT NULL;