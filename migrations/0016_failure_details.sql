CREATE TYPE "public"."failure_class" AS ENUM('invalid', 'permanent', 'transient', 'malformed', 'unknown');--> statement-breakpoint
ALTER TABLE "quarantine" ALTER COLUMN "stage" SET DATA TYPE text;--> statement-breakpoint
DROP TYPE "public"."pipeline_stage";--> statement-breakpoint
CREATE TYPE "public"."pipeline_stage" AS ENUM('validate', 'transform', 'split', 'chunk', 'resync');--> statement-breakpoint
ALTER TABLE "quarantine" ALTER COLUMN "stage" SET DATA TYPE "public"."pipeline_stage" USING "stage"::"public"."pipeline_stage";--> statement-breakpoint
DROP INDEX "quarantine_raw_key_stage";--> statement-breakpoint
ALTER TABLE "quarantine" ADD COLUMN "subject" text NOT NULL;--> statement-breakpoint
ALTER TABLE "quarantine" ADD COLUMN "queue" text;--> statement-breakpoint
ALTER TABLE "quarantine" ADD COLUMN "error_class" "failure_class" NOT NULL;--> statement-breakpoint
ALTER TABLE "quarantine" ADD COLUMN "sqlstate" text;--> statement-breakpoint
ALTER TABLE "quarantine" ADD COLUMN "attempts" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "quarantine" ADD COLUMN "last_failed_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "quarantine" ADD COLUMN "resolved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "raw_event" ADD COLUMN "seen_at" timestamp with time zone[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "quarantine_subject_stage" ON "quarantine" USING btree ("subject","stage");--> statement-breakpoint
CREATE INDEX "quarantine_open_delivery" ON "quarantine" USING btree ("shop_domain","webhook_id") WHERE resolved_at is null;--> statement-breakpoint
CREATE INDEX "quarantine_open_class" ON "quarantine" USING btree ("error_class","id") WHERE resolved_at is null;