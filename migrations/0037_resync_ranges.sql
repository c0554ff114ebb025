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
-- A resync loading when this migration runs goes on from where it got to: each entity not yet
-- assembled becomes one range holding the entity's progress mark and counts so far.
INSERT INTO "resync_range" ("resync_id", "entity", "range_no", "after_gid", "through_gid", "assembled_through", "lines_loaded", "lines_rejected", "records", "records_created_before")
SELECT o."resync_id", o."entity", 1, NULL, NULL, o."assembled_through", o."lines_loaded", o."lines_rejected", coalesce(o."records", 0), o."records_created_before"
FROM (
  SELECT DISTINCT ON (op."resync_id", op."entity") op.*
  FROM "resync_operation" op JOIN "resync" r ON r."id" = op."resync_id"
  WHERE r."status" = 'loading'
  ORDER BY op."resync_id", op."entity", op."attempt" DESC
) o
WHERE o."assembled_at" IS NULL;--> statement-breakpoint
ALTER TABLE "resync_operation" DROP COLUMN "assembled_through";