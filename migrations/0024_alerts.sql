CREATE TYPE "public"."alert_delivery_status" AS ENUM('pending', 'sent', 'failed');--> statement-breakpoint
CREATE TYPE "public"."alert_event" AS ENUM('opened', 'resolved');--> statement-breakpoint
CREATE TYPE "public"."alert_rule" AS ENUM('dead_letters', 'quarantine_rate', 'shop_silent', 'resync_failed', 'resync_stuck', 'upload_failed');--> statement-breakpoint
CREATE TABLE "alert" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "alert_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"shop_id" integer NOT NULL,
	"rule" "alert_rule" NOT NULL,
	"subject" text DEFAULT '' NOT NULL,
	"summary" text NOT NULL,
	"details" jsonb,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "alert_channel" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "alert_channel_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"shop_id" integer NOT NULL,
	"url" text NOT NULL,
	"sealed_secret" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "alert_delivery" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "alert_delivery_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"alert_id" bigint NOT NULL,
	"channel_id" bigint NOT NULL,
	"shop_id" integer NOT NULL,
	"event" "alert_event" NOT NULL,
	"status" "alert_delivery_status" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alert_setting" (
	"shop_id" integer NOT NULL,
	"rule" "alert_rule" NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"threshold" numeric,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alert_setting_shop_id_rule_pk" PRIMARY KEY("shop_id","rule")
);
--> statement-breakpoint
ALTER TABLE "alert" ADD CONSTRAINT "alert_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_channel" ADD CONSTRAINT "alert_channel_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_delivery" ADD CONSTRAINT "alert_delivery_alert_id_alert_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alert"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_delivery" ADD CONSTRAINT "alert_delivery_channel_id_alert_channel_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."alert_channel"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_delivery" ADD CONSTRAINT "alert_delivery_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_setting" ADD CONSTRAINT "alert_setting_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "alert_open" ON "alert" USING btree ("shop_id","rule","subject") WHERE "alert"."resolved_at" is null;--> statement-breakpoint
CREATE INDEX "alert_shop_opened" ON "alert" USING btree ("shop_id","opened_at");--> statement-breakpoint
CREATE INDEX "alert_channel_shop" ON "alert_channel" USING btree ("shop_id");--> statement-breakpoint
CREATE UNIQUE INDEX "alert_delivery_once" ON "alert_delivery" USING btree ("alert_id","channel_id","event");--> statement-breakpoint
CREATE INDEX "alert_delivery_due" ON "alert_delivery" USING btree ("next_attempt_at") WHERE "alert_delivery"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "raw_event_received" ON "raw_event" USING btree ("received_at");