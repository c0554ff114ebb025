CREATE TABLE "resync_anchor" (
	"resync_id" text NOT NULL,
	"entity" text NOT NULL,
	"type" text NOT NULL,
	"gid" text NOT NULL,
	"parent_gid" text NOT NULL,
	CONSTRAINT "resync_anchor_resync_id_entity_type_gid_pk" PRIMARY KEY("resync_id","entity","type","gid")
);
--> statement-breakpoint
CREATE INDEX "fact_refund_line_line_item" ON "fact_refund_line" USING btree ("shop_id","line_item_id");--> statement-breakpoint
-- A resync staged when this migration runs keeps its paginated exports going: its staged parents' anchors.
INSERT INTO "resync_anchor" ("resync_id", "entity", "type", "gid", "parent_gid")
SELECT s."resync_id", s."entity", split_part(a.gid, '/', 4), a.gid, s."gid"
FROM "resync_staging" s, unnest(s."anchors") AS a(gid)
WHERE s."parent_gid" IS NULL
ON CONFLICT DO NOTHING;
