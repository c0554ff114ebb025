-- The quarantine gains a subject, a failure class and the stages of uploads and resyncs (next
-- migration), columns that existing rows cannot fill by themselves. Its rows are set aside here and
-- restored, with those columns derived, by 0017_failure_details_backfill.
-- The stage is kept as text: its type is recreated.
CREATE TABLE "quarantine_set_aside" AS
SELECT "id", "stage"::text AS "stage", "raw_key", "shop_domain", "topic", "webhook_id", "reason", "path", "details", "created_at", "replayed_at"
FROM "quarantine";--> statement-breakpoint
DELETE FROM "quarantine";
