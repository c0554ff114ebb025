CREATE TYPE "public"."thumbnail_state" AS ENUM('pending', 'ready', 'failed');--> statement-breakpoint
ALTER TYPE "public"."pipeline_stage" ADD VALUE 'thumbnail';--> statement-breakpoint
CREATE TABLE "image_thumbnail" (
	"url" text PRIMARY KEY NOT NULL,
	"state" "thumbnail_state" DEFAULT 'pending' NOT NULL,
	"content_hash" text,
	"source_format" text,
	"source_width" integer,
	"source_height" integer,
	"source_bytes" integer,
	"widths" integer[],
	"keys" text[],
	"failure_code" text,
	"failure_reason" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now(),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "image_thumbnail_url_length" CHECK (octet_length("image_thumbnail"."url") <= 2048)
);
--> statement-breakpoint
CREATE INDEX "image_thumbnail_content" ON "image_thumbnail" USING btree ("content_hash") WHERE "image_thumbnail"."state" = 'ready';--> statement-breakpoint
CREATE INDEX "image_thumbnail_due" ON "image_thumbnail" USING btree ("next_attempt_at") WHERE "image_thumbnail"."next_attempt_at" is not null;