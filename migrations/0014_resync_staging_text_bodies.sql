ALTER TABLE "resync_staging" ALTER COLUMN "body" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "resync_staging" ADD COLUMN "anchors" text[];--> statement-breakpoint
-- Parents staged before this migration (a resync in flight) get their anchors as staging now writes them.
UPDATE "resync_staging" SET "anchors" = array(
	select part->>'id' from jsonb_each(body::jsonb) field, jsonb_array_elements(case when jsonb_typeof(field.value) = 'array' then field.value else '[]' end) part
	where field.key in ('refunds', 'fulfillments') and jsonb_typeof(part) = 'object' and part ? 'id'
) WHERE "parent_gid" IS NULL;
