ALTER INDEX "fact_fulfillment_order" RENAME TO "fact_fulfillment_by_order";--> statement-breakpoint
CREATE TYPE "public"."failure_class" AS ENUM('invalid', 'permanent', 'transient', 'malformed', 'unknown');--> statement-breakpoint
ALTER TYPE "public"."entity_kind" ADD VALUE 'location';--> statement-breakpoint
ALTER TYPE "public"."entity_kind" ADD VALUE 'draft_order';--> statement-breakpoint
ALTER TYPE "public"."entity_kind" ADD VALUE 'checkout';--> statement-breakpoint
ALTER TYPE "public"."entity_kind" ADD VALUE 'discount';--> statement-breakpoint
CREATE TABLE "collection_membership" (
	"shop_id" integer NOT NULL,
	"collection_id" bigint NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"raw_key" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "collection_membership_shop_id_collection_id_pk" PRIMARY KEY("shop_id","collection_id")
);
--> statement-breakpoint
CREATE TABLE "collection_product" (
	"shop_id" integer NOT NULL,
	"collection_id" bigint NOT NULL,
	"product_id" bigint NOT NULL,
	"collection_updated_at" timestamp with time zone NOT NULL,
	"raw_key" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "collection_product_shop_id_collection_id_product_id_pk" PRIMARY KEY("shop_id","collection_id","product_id")
);
--> statement-breakpoint
CREATE TABLE "dim_discount" (
	"shop_id" integer NOT NULL,
	"discount_id" bigint NOT NULL,
	"method" text NOT NULL,
	"title" text,
	"status" text,
	"discount_type" text,
	"summary" text,
	"starts_at" timestamp with time zone,
	"ends_at" timestamp with time zone,
	"usage_count" integer,
	"codes_count" integer,
	"created_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	"deleted_at" timestamp with time zone,
	"raw_key" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dim_discount_shop_id_discount_id_pk" PRIMARY KEY("shop_id","discount_id")
);
--> statement-breakpoint
CREATE TABLE "dim_discount_code" (
	"shop_id" integer NOT NULL,
	"discount_code_id" bigint NOT NULL,
	"discount_id" bigint NOT NULL,
	"code" text NOT NULL,
	"usage_count" integer,
	"observed_at" timestamp with time zone NOT NULL,
	"raw_key" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dim_discount_code_shop_id_discount_code_id_pk" PRIMARY KEY("shop_id","discount_code_id")
);
--> statement-breakpoint
CREATE TABLE "dim_inventory_item_cost_history" (
	"shop_id" integer NOT NULL,
	"inventory_item_id" bigint NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"cost" numeric NOT NULL,
	"raw_key" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dim_inventory_item_cost_history_shop_id_inventory_item_id_updated_at_pk" PRIMARY KEY("shop_id","inventory_item_id","updated_at")
);
--> statement-breakpoint
CREATE TABLE "fact_checkout" (
	"shop_id" integer NOT NULL,
	"checkout_id" bigint NOT NULL,
	"name" text,
	"customer_id" bigint,
	"email_hash" text,
	"currency" text,
	"presentment_currency" text,
	"subtotal_price" numeric,
	"total_line_items_price" numeric,
	"total_discounts" numeric,
	"total_tax" numeric,
	"total_price" numeric,
	"discount_codes" text,
	"line_count" integer NOT NULL,
	"quantity" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_date_key" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone,
	"deleted_at" timestamp with time zone,
	"raw_key" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fact_checkout_shop_id_checkout_id_pk" PRIMARY KEY("shop_id","checkout_id")
);
--> statement-breakpoint
CREATE TABLE "fact_discount_allocation" (
	"shop_id" integer NOT NULL,
	"order_id" bigint NOT NULL,
	"target_type" text NOT NULL,
	"target_id" bigint NOT NULL,
	"application_index" integer NOT NULL,
	"amount" numeric NOT NULL,
	"order_updated_at" timestamp with time zone NOT NULL,
	"raw_key" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fact_discount_allocation_shop_id_target_type_target_id_application_index_pk" PRIMARY KEY("shop_id","target_type","target_id","application_index")
);
--> statement-breakpoint
CREATE TABLE "fact_draft_order" (
	"shop_id" integer NOT NULL,
	"draft_order_id" bigint NOT NULL,
	"name" text,
	"status" text,
	"customer_id" bigint,
	"email_hash" text,
	"currency" text,
	"subtotal_price" numeric,
	"total_discounts" numeric,
	"total_tax" numeric,
	"total_price" numeric,
	"order_id" bigint,
	"created_at" timestamp with time zone NOT NULL,
	"created_date_key" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone,
	"invoice_sent_at" timestamp with time zone,
	"deleted_at" timestamp with time zone,
	"raw_key" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fact_draft_order_shop_id_draft_order_id_pk" PRIMARY KEY("shop_id","draft_order_id")
);
--> statement-breakpoint
CREATE TABLE "fact_draft_order_line" (
	"shop_id" integer NOT NULL,
	"line_item_id" bigint NOT NULL,
	"draft_order_id" bigint NOT NULL,
	"product_id" bigint,
	"variant_id" bigint,
	"sku" text,
	"title" text,
	"variant_title" text,
	"vendor" text,
	"quantity" integer NOT NULL,
	"price" numeric NOT NULL,
	"total_discount" numeric NOT NULL,
	"gross_amount" numeric GENERATED ALWAYS AS (price * quantity) STORED,
	"custom" boolean,
	"draft_order_updated_at" timestamp with time zone NOT NULL,
	"raw_key" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fact_draft_order_line_shop_id_line_item_id_pk" PRIMARY KEY("shop_id","line_item_id")
);
--> statement-breakpoint
CREATE TABLE "fact_fulfillment_order" (
	"shop_id" integer NOT NULL,
	"fulfillment_order_id" bigint NOT NULL,
	"order_id" bigint NOT NULL,
	"assigned_location_id" bigint,
	"status" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"raw_key" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fact_fulfillment_order_shop_id_fulfillment_order_id_pk" PRIMARY KEY("shop_id","fulfillment_order_id")
);
--> statement-breakpoint
CREATE TABLE "fact_fulfillment_order_event" (
	"shop_id" integer NOT NULL,
	"fulfillment_order_id" bigint NOT NULL,
	"topic" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"request_status" text,
	"raw_key" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fact_fulfillment_order_event_shop_id_fulfillment_order_id_topic_occurred_at_pk" PRIMARY KEY("shop_id","fulfillment_order_id","topic","occurred_at")
);
--> statement-breakpoint
CREATE TABLE "fact_fulfillment_order_line" (
	"shop_id" integer NOT NULL,
	"fulfillment_order_line_item_id" bigint NOT NULL,
	"fulfillment_order_id" bigint NOT NULL,
	"order_id" bigint NOT NULL,
	"line_item_id" bigint NOT NULL,
	"quantity" integer NOT NULL,
	"fulfillable_quantity" integer NOT NULL,
	"fulfillment_order_updated_at" timestamp with time zone NOT NULL,
	"raw_key" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fact_fulfillment_order_line_shop_id_fulfillment_order_line_item_id_pk" PRIMARY KEY("shop_id","fulfillment_order_line_item_id")
);
--> statement-breakpoint
CREATE TABLE "fact_order_discount" (
	"shop_id" integer NOT NULL,
	"order_id" bigint NOT NULL,
	"application_index" integer NOT NULL,
	"type" text,
	"code" text,
	"title" text,
	"description" text,
	"value" numeric,
	"value_type" text,
	"allocation_method" text,
	"target_selection" text,
	"target_type" text,
	"amount" numeric NOT NULL,
	"order_updated_at" timestamp with time zone NOT NULL,
	"raw_key" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fact_order_discount_shop_id_order_id_application_index_pk" PRIMARY KEY("shop_id","order_id","application_index")
);
--> statement-breakpoint
CREATE TABLE "fact_order_transaction" (
	"shop_id" integer NOT NULL,
	"transaction_id" bigint NOT NULL,
	"order_id" bigint NOT NULL,
	"parent_id" bigint,
	"kind" text NOT NULL,
	"status" text,
	"gateway" text,
	"amount" numeric NOT NULL,
	"currency" text,
	"error_code" text,
	"test" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_date_key" integer NOT NULL,
	"processed_at" timestamp with time zone,
	"observed_at" timestamp with time zone NOT NULL,
	"raw_key" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fact_order_transaction_shop_id_transaction_id_pk" PRIMARY KEY("shop_id","transaction_id")
);
--> statement-breakpoint
CREATE TABLE "fact_return" (
	"shop_id" integer NOT NULL,
	"return_id" bigint NOT NULL,
	"order_id" bigint NOT NULL,
	"name" text,
	"status" text NOT NULL,
	"total_quantity" integer,
	"created_at" timestamp with time zone,
	"request_approved_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"decline_reason" text,
	"observed_at" timestamp with time zone NOT NULL,
	"raw_key" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fact_return_shop_id_return_id_pk" PRIMARY KEY("shop_id","return_id")
);
--> statement-breakpoint
CREATE TABLE "fact_return_event" (
	"shop_id" integer NOT NULL,
	"return_id" bigint NOT NULL,
	"topic" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"order_id" bigint NOT NULL,
	"status" text NOT NULL,
	"raw_key" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fact_return_event_shop_id_return_id_topic_occurred_at_pk" PRIMARY KEY("shop_id","return_id","topic","occurred_at")
);
--> statement-breakpoint
CREATE TABLE "fact_return_line" (
	"shop_id" integer NOT NULL,
	"return_line_item_id" bigint NOT NULL,
	"return_id" bigint NOT NULL,
	"order_id" bigint NOT NULL,
	"line_item_id" bigint,
	"quantity" integer NOT NULL,
	"return_reason" text,
	"observed_at" timestamp with time zone NOT NULL,
	"raw_key" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fact_return_line_shop_id_return_line_item_id_pk" PRIMARY KEY("shop_id","return_line_item_id")
);
--> statement-breakpoint
CREATE TABLE "fact_shipping_line" (
	"shop_id" integer NOT NULL,
	"shipping_line_id" bigint NOT NULL,
	"order_id" bigint NOT NULL,
	"title" text,
	"code" text,
	"source" text,
	"price" numeric NOT NULL,
	"total_discount" numeric NOT NULL,
	"order_updated_at" timestamp with time zone NOT NULL,
	"raw_key" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fact_shipping_line_shop_id_shipping_line_id_pk" PRIMARY KEY("shop_id","shipping_line_id")
);
--> statement-breakpoint
ALTER TABLE "quarantine" ALTER COLUMN "stage" SET DATA TYPE text;--> statement-breakpoint
DROP TYPE "public"."pipeline_stage";--> statement-breakpoint
CREATE TYPE "public"."pipeline_stage" AS ENUM('validate', 'transform', 'split', 'chunk', 'resync');--> statement-breakpoint
ALTER TABLE "quarantine" ALTER COLUMN "stage" SET DATA TYPE "public"."pipeline_stage" USING "stage"::"public"."pipeline_stage";--> statement-breakpoint
DROP INDEX "quarantine_raw_key_stage";--> statement-breakpoint
DROP INDEX "resync_staging_parent";--> statement-breakpoint
ALTER TABLE "resync_staging" DROP CONSTRAINT "resync_staging_resync_id_gid_pk";--> statement-breakpoint
ALTER TABLE "bulk_operation" DROP CONSTRAINT "bulk_operation_pkey";--> statement-breakpoint
ALTER TABLE "bulk_operation" ADD CONSTRAINT "bulk_operation_shop_id_admin_graphql_api_id_pk" PRIMARY KEY("shop_id","admin_graphql_api_id");--> statement-breakpoint
ALTER TABLE "resync_staging" ADD CONSTRAINT "resync_staging_resync_id_entity_gid_pk" PRIMARY KEY("resync_id","entity","gid");--> statement-breakpoint
ALTER TABLE "dim_location" ADD COLUMN "name" text;--> statement-breakpoint
ALTER TABLE "dim_location" ADD COLUMN "address1" text;--> statement-breakpoint
ALTER TABLE "dim_location" ADD COLUMN "address2" text;--> statement-breakpoint
ALTER TABLE "dim_location" ADD COLUMN "city" text;--> statement-breakpoint
ALTER TABLE "dim_location" ADD COLUMN "zip" text;--> statement-breakpoint
ALTER TABLE "dim_location" ADD COLUMN "province" text;--> statement-breakpoint
ALTER TABLE "dim_location" ADD COLUMN "province_code" text;--> statement-breakpoint
ALTER TABLE "dim_location" ADD COLUMN "country_code" text;--> statement-breakpoint
ALTER TABLE "dim_location" ADD COLUMN "active" boolean;--> statement-breakpoint
ALTER TABLE "dim_location" ADD COLUMN "created_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "dim_location" ADD COLUMN "updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "dim_location" ADD COLUMN "deleted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "dim_location" ADD COLUMN "raw_key" text;--> statement-breakpoint
ALTER TABLE "fact_refund" ADD COLUMN "currency" text;--> statement-breakpoint
ALTER TABLE "quarantine" ADD COLUMN "subject" text NOT NULL;--> statement-breakpoint
ALTER TABLE "quarantine" ADD COLUMN "queue" text;--> statement-breakpoint
ALTER TABLE "quarantine" ADD COLUMN "error_class" "failure_class" NOT NULL;--> statement-breakpoint
ALTER TABLE "quarantine" ADD COLUMN "sqlstate" text;--> statement-breakpoint
ALTER TABLE "quarantine" ADD COLUMN "attempts" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "quarantine" ADD COLUMN "last_failed_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "quarantine" ADD COLUMN "resolved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "raw_event" ADD COLUMN "seen_at" timestamp with time zone[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "raw_event" ADD COLUMN "notes" jsonb;--> statement-breakpoint
ALTER TABLE "shop_install" RENAME COLUMN "admin_api_url" TO "shop_url";--> statement-breakpoint
UPDATE "shop_install" SET "shop_url" = regexp_replace("shop_url", '/admin/api/[^/]+/graphql\.json$', '');--> statement-breakpoint
ALTER TABLE "upload_job" ADD COLUMN "sweeps" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "collection_membership" ADD CONSTRAINT "collection_membership_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collection_product" ADD CONSTRAINT "collection_product_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dim_discount" ADD CONSTRAINT "dim_discount_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dim_discount_code" ADD CONSTRAINT "dim_discount_code_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dim_inventory_item_cost_history" ADD CONSTRAINT "dim_inventory_item_cost_history_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_checkout" ADD CONSTRAINT "fact_checkout_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_discount_allocation" ADD CONSTRAINT "fact_discount_allocation_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_draft_order" ADD CONSTRAINT "fact_draft_order_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_draft_order_line" ADD CONSTRAINT "fact_draft_order_line_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_fulfillment_order" ADD CONSTRAINT "fact_fulfillment_order_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_fulfillment_order_event" ADD CONSTRAINT "fact_fulfillment_order_event_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_fulfillment_order_line" ADD CONSTRAINT "fact_fulfillment_order_line_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_order_discount" ADD CONSTRAINT "fact_order_discount_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_order_transaction" ADD CONSTRAINT "fact_order_transaction_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_return" ADD CONSTRAINT "fact_return_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_return_event" ADD CONSTRAINT "fact_return_event_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_return_line" ADD CONSTRAINT "fact_return_line_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_shipping_line" ADD CONSTRAINT "fact_shipping_line_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "collection_product_product" ON "collection_product" USING btree ("shop_id","product_id");--> statement-breakpoint
CREATE INDEX "dim_discount_code_discount" ON "dim_discount_code" USING btree ("shop_id","discount_id");--> statement-breakpoint
CREATE INDEX "dim_discount_code_code" ON "dim_discount_code" USING btree ("shop_id","code");--> statement-breakpoint
CREATE INDEX "fact_checkout_created_at" ON "fact_checkout" USING btree ("shop_id","created_at");--> statement-breakpoint
CREATE INDEX "fact_checkout_customer" ON "fact_checkout" USING btree ("shop_id","customer_id");--> statement-breakpoint
CREATE INDEX "fact_discount_allocation_order" ON "fact_discount_allocation" USING btree ("shop_id","order_id");--> statement-breakpoint
CREATE INDEX "fact_draft_order_customer" ON "fact_draft_order" USING btree ("shop_id","customer_id");--> statement-breakpoint
CREATE INDEX "fact_draft_order_order" ON "fact_draft_order" USING btree ("shop_id","order_id");--> statement-breakpoint
CREATE INDEX "fact_draft_order_line_draft" ON "fact_draft_order_line" USING btree ("shop_id","draft_order_id");--> statement-breakpoint
CREATE INDEX "fact_fulfillment_order_order" ON "fact_fulfillment_order" USING btree ("shop_id","order_id");--> statement-breakpoint
CREATE INDEX "fact_fulfillment_order_line_parent" ON "fact_fulfillment_order_line" USING btree ("shop_id","fulfillment_order_id");--> statement-breakpoint
CREATE INDEX "fact_order_transaction_order" ON "fact_order_transaction" USING btree ("shop_id","order_id");--> statement-breakpoint
CREATE INDEX "fact_return_order" ON "fact_return" USING btree ("shop_id","order_id");--> statement-breakpoint
CREATE INDEX "fact_return_line_return" ON "fact_return_line" USING btree ("shop_id","return_id");--> statement-breakpoint
CREATE INDEX "fact_shipping_line_order" ON "fact_shipping_line" USING btree ("shop_id","order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "quarantine_subject_stage" ON "quarantine" USING btree ("subject","stage");--> statement-breakpoint
CREATE INDEX "quarantine_open_delivery" ON "quarantine" USING btree ("shop_domain","webhook_id") WHERE resolved_at is null;--> statement-breakpoint
CREATE INDEX "quarantine_open_class" ON "quarantine" USING btree ("error_class","id") WHERE resolved_at is null;--> statement-breakpoint
CREATE INDEX "resync_staging_parent" ON "resync_staging" USING btree ("resync_id","entity","parent_gid");--> statement-breakpoint
INSERT INTO "dim_inventory_item_cost_history" ("shop_id", "inventory_item_id", "updated_at", "cost", "raw_key", "loaded_at")
SELECT "shop_id", "inventory_item_id", "updated_at", "cost", "raw_key", "loaded_at" FROM "dim_inventory_item" WHERE "cost" IS NOT NULL
ON CONFLICT DO NOTHING;
