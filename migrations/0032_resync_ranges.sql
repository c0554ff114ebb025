CREATE TABLE "resync_range" (
	"resync_id" text NOT NULL,
	"entity" text NOT NULL,
	"range_no" integer NOT NULL,
	"after_gid" text,
	"through_gid" text,
	"claimed_until" timestamp with time zone,
	"assembled_through" text,
	"done_at" timestamp with time zone,
	"lines_loaded" bigint DEFAULT 0 NOT NULL,
	"lines_rejected" bigint DEFAULT 0 NOT NULL,
	"records" bigint DEFAULT 0 NOT NULL,
	"records_created_before" bigint,
	CONSTRAINT "resync_range_resync_id_entity_range_no_pk" PRIMARY KEY("resync_id","entity","range_no")
);
--> statement-breakpoint
ALTER TABLE "resync_range" ADD CONSTRAINT "resync_range_resync_id_resync_id_fk" FOREIGN KEY ("resync_id") REFERENCES "public"."resync"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "resync_range_open" ON "resync_range" USING btree ("resync_id","entity") WHERE done_at is null;--> statement-breakpoint
ALTER TABLE "resync_operation" DROP COLUMN "assembled_through";