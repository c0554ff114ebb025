CREATE TYPE "public"."resync_kind" AS ENUM('full', 'incremental');--> statement-breakpoint
CREATE TYPE "public"."resync_status" AS ENUM('requested', 'running', 'downloading', 'loading', 'reconciled', 'failed');--> statement-breakpoint
ALTER TYPE "public"."upload_source" ADD VALUE 'shopify-bulk';--> statement-breakpoint
CREATE TABLE "product_metafield" (
	"shop_id" integer NOT NULL,
	"metafield_id" bigint NOT NULL,
	"product_id" bigint NOT NULL,
	"namespace" text NOT NULL,
	"key" text NOT NULL,
	"type" text,
	"value" text,
	"raw_key" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "product_metafield_shop_id_metafield_id_pk" PRIMARY KEY("shop_id","metafield_id")
);
--> statement-breakpoint
CREATE TABLE "resync" (
	"id" text PRIMARY KEY NOT NULL,
	"shop_id" integer NOT NULL,
	"kind" "resync_kind" NOT NULL,
	"status" "resync_status" DEFAULT 'requested' NOT NULL,
	"requested_by" text NOT NULL,
	"window_from" timestamp with time zone,
	"window_to" timestamp with time zone NOT NULL,
	"lines_total" bigint DEFAULT 0 NOT NULL,
	"lines_loaded" bigint DEFAULT 0 NOT NULL,
	"lines_rejected" bigint DEFAULT 0 NOT NULL,
	"lines_duplicate" bigint DEFAULT 0 NOT NULL,
	"deletes_reconciled" integer DEFAULT 0 NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "resync_cursor" (
	"shop_id" integer NOT NULL,
	"entity" text NOT NULL,
	"loaded_through" timestamp with time zone NOT NULL,
	"resync_id" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "resync_cursor_shop_id_entity_pk" PRIMARY KEY("shop_id","entity")
);
--> statement-breakpoint
CREATE TABLE "resync_operation" (
	"resync_id" text NOT NULL,
	"entity" text NOT NULL,
	"attempt" integer NOT NULL,
	"bulk_operation_id" text,
	"status" text,
	"error_code" text,
	"object_count" bigint,
	"claimed_until" timestamp with time zone,
	"not_before" timestamp with time zone,
	"raw_key" text,
	"partial" boolean,
	"job_id" text,
	"assembled_through" text,
	"assembled_at" timestamp with time zone,
	"lines_loaded" bigint DEFAULT 0 NOT NULL,
	"lines_rejected" bigint DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	CONSTRAINT "resync_operation_resync_id_entity_attempt_pk" PRIMARY KEY("resync_id","entity","attempt")
);
--> statement-breakpoint
CREATE TABLE "resync_staging" (
	"resync_id" text NOT NULL,
	"gid" text NOT NULL,
	"entity" text NOT NULL,
	"parent_gid" text,
	"line_no" integer NOT NULL,
	"body" jsonb NOT NULL,
	CONSTRAINT "resync_staging_resync_id_gid_pk" PRIMARY KEY("resync_id","gid")
);
--> statement-breakpoint
CREATE TABLE "shop_install" (
	"shop_id" integer PRIMARY KEY NOT NULL,
	"admin_api_url" text NOT NULL,
	"access_token_sealed" text NOT NULL,
	"scopes" text,
	"throttle" jsonb,
	"installed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "upload_job" ADD COLUMN "resync_id" text;--> statement-breakpoint
ALTER TABLE "product_metafield" ADD CONSTRAINT "product_metafield_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resync" ADD CONSTRAINT "resync_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resync_cursor" ADD CONSTRAINT "resync_cursor_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resync_operation" ADD CONSTRAINT "resync_operation_resync_id_resync_id_fk" FOREIGN KEY ("resync_id") REFERENCES "public"."resync"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shop_install" ADD CONSTRAINT "shop_install_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "product_metafield_product" ON "product_metafield" USING btree ("shop_id","product_id");--> statement-breakpoint
CREATE UNIQUE INDEX "resync_one_active_per_shop" ON "resync" USING btree ("shop_id") WHERE status not in ('reconciled', 'failed');--> statement-breakpoint
CREATE INDEX "resync_shop" ON "resync" USING btree ("shop_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "resync_operation_bulk_id" ON "resync_operation" USING btree ("bulk_operation_id");--> statement-breakpoint
CREATE INDEX "resync_staging_parent" ON "resync_staging" USING btree ("resync_id","parent_gid");