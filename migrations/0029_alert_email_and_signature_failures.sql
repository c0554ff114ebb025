CREATE TYPE "public"."alert_channel_kind" AS ENUM('webhook', 'email');--> statement-breakpoint
ALTER TYPE "public"."alert_rule" ADD VALUE 'signature_failures';--> statement-breakpoint
CREATE TABLE "signature_failure" (
	"shop_id" integer NOT NULL,
	"minute" timestamp with time zone NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "signature_failure_shop_id_minute_pk" PRIMARY KEY("shop_id","minute")
);
--> statement-breakpoint
ALTER TABLE "alert_channel" ALTER COLUMN "url" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "alert_channel" ALTER COLUMN "sealed_secret" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "alert_channel" ADD COLUMN "kind" "alert_channel_kind" DEFAULT 'webhook' NOT NULL;--> statement-breakpoint
ALTER TABLE "alert_channel" ADD COLUMN "email" text;--> statement-breakpoint
ALTER TABLE "signature_failure" ADD CONSTRAINT "signature_failure_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "signature_failure_minute" ON "signature_failure" USING btree ("minute");--> statement-breakpoint
ALTER TABLE "alert_channel" ADD CONSTRAINT "alert_channel_target" CHECK (("alert_channel"."kind" = 'webhook' and "alert_channel"."url" is not null and "alert_channel"."sealed_secret" is not null and "alert_channel"."email" is null)
        or ("alert_channel"."kind" = 'email' and "alert_channel"."email" is not null and "alert_channel"."url" is null and "alert_channel"."sealed_secret" is null));