ALTER TABLE "quarantine" ADD COLUMN "replayed_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "quarantine_shop" ON "quarantine" USING btree ("shop_domain","id");