CREATE TYPE "public"."connection_state" AS ENUM('connected', 'reauthorize', 'uninstalled');--> statement-breakpoint
CREATE TYPE "public"."token_kind" AS ENUM('registered', 'offline', 'expiring', 'client_credentials');--> statement-breakpoint
ALTER TYPE "public"."alert_rule" ADD VALUE 'shop_reauthorize';--> statement-breakpoint
ALTER TYPE "public"."alert_rule" ADD VALUE 'subscriptions_repaired';--> statement-breakpoint
CREATE TABLE "oauth_state" (
	"nonce_hash" text PRIMARY KEY NOT NULL,
	"shop_domain" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "shop_install" ADD COLUMN "token_kind" "token_kind" DEFAULT 'registered' NOT NULL;--> statement-breakpoint
ALTER TABLE "shop_install" ADD COLUMN "access_token_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "shop_install" ADD COLUMN "refresh_token_sealed" text;--> statement-breakpoint
ALTER TABLE "shop_install" ADD COLUMN "refresh_token_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "shop_install" ADD COLUMN "state" "connection_state" DEFAULT 'connected' NOT NULL;--> statement-breakpoint
ALTER TABLE "shop_install" ADD COLUMN "state_reason" text;--> statement-breakpoint
ALTER TABLE "shop_install" ADD COLUMN "state_changed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "shop_install" ADD COLUMN "subscriptions_checked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "shop_install" ADD COLUMN "subscription_check" jsonb;--> statement-breakpoint
CREATE INDEX "oauth_state_expires" ON "oauth_state" USING btree ("expires_at");