ALTER TABLE "export_run" ADD COLUMN "purges" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "compliance_request" ADD COLUMN "export_run_id" text;--> statement-breakpoint
ALTER TABLE "compliance_request" ADD COLUMN "exports_purged_at" timestamp with time zone;--> statement-breakpoint
-- Redactions of shops never exported have no files to purge; those of exported shops stay open until a run purges them.
UPDATE "compliance_request" c SET "exports_purged_at" = c."completed_at"
WHERE c."topic" = 'customers/redact' AND NOT EXISTS (
	SELECT 1 FROM "export_run" r JOIN "dim_shop" s ON s."shop_id" = r."shop_id" WHERE s."domain" = c."shop_domain"
);
