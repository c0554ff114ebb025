-- Restores the rows 0015_quarantine_set_aside put aside, with their ids. A dead letter of the old
-- `dead_letter` stage takes the stage of the queue it came from (recorded in its details), with no
-- known cause; a row whose delivery has loaded since is resolved.
INSERT INTO "quarantine" ("id", "stage", "subject", "queue", "error_class", "raw_key", "shop_domain", "topic", "webhook_id", "reason",
  "path", "details", "attempts", "created_at", "last_failed_at", "replayed_at", "resolved_at")
OVERRIDING SYSTEM VALUE
SELECT q."id",
  (CASE WHEN q."stage" <> 'dead_letter' THEN q."stage"
    ELSE CASE regexp_replace(q."details"->>'queue', '-dlq$', '')
      WHEN 'wharf-transform' THEN 'transform' WHEN 'wharf-uploads' THEN 'split' WHEN 'wharf-chunks' THEN 'chunk'
      WHEN 'wharf-resyncs' THEN 'resync' ELSE 'validate' END END)::"pipeline_stage",
  coalesce(q."raw_key", 'quarantine:' || q."id"),
  CASE WHEN q."stage" = 'dead_letter' THEN regexp_replace(q."details"->>'queue', '-dlq$', '')
    WHEN q."stage" = 'validate' THEN 'wharf-ingest' ELSE 'wharf-transform' END,
  (CASE WHEN q."stage" = 'dead_letter' THEN 'unknown'
    WHEN q."reason" LIKE 'malformed claim check%' THEN 'malformed'
    WHEN q."reason" LIKE 'warehouse rejected%' THEN 'permanent'
    ELSE 'invalid' END)::"failure_class",
  q."raw_key", q."shop_domain", q."topic", q."webhook_id", q."reason", q."path", q."details",
  coalesce((q."details"->>'attempts')::integer, 1), q."created_at", q."created_at", q."replayed_at",
  (SELECT r."loaded_at" FROM "raw_event" r WHERE r."shop_domain" = q."shop_domain" AND r."webhook_id" = q."webhook_id" AND r."status" = 'loaded')
FROM "quarantine_set_aside" q;--> statement-breakpoint
SELECT setval(pg_get_serial_sequence('"quarantine"', 'id'), coalesce((SELECT max("id") FROM "quarantine"), 0) + 1, false);--> statement-breakpoint
DROP TABLE "quarantine_set_aside";
--> statement-breakpoint
-- Deliveries recorded so far were received at least once, at `received_at`; earlier repeats keep
-- their count in `seen_count`, their instants unknown.
UPDATE "raw_event" SET "seen_at" = ARRAY["received_at"];
