CREATE TYPE "public"."compliance_topic" AS ENUM('customers/data_request', 'customers/redact', 'shop/redact');--> statement-breakpoint
CREATE TYPE "public"."entity_kind" AS ENUM('order', 'product', 'collection', 'customer', 'inventory_item');--> statement-breakpoint
CREATE TYPE "public"."pipeline_stage" AS ENUM('validate', 'transform', 'dead_letter');--> statement-breakpoint
CREATE TYPE "public"."raw_event_status" AS ENUM('validated', 'quarantined', 'unmodelled', 'loaded');--> statement-breakpoint
CREATE TABLE "bulk_operation" (
	"admin_graphql_api_id" text PRIMARY KEY NOT NULL,
	"shop_id" integer NOT NULL,
	"status" text NOT NULL,
	"error_code" text,
	"type" text,
	"created_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"raw_key" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "compliance_request" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "compliance_request_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"shop_domain" text NOT NULL,
	"topic" "compliance_topic" NOT NULL,
	"customer_id" bigint,
	"data_request_id" bigint,
	"export_key" text,
	"raw_objects_rewritten" integer,
	"completed_at" timestamp with time zone NOT NULL,
	"raw_key" text NOT NULL,
	CONSTRAINT "compliance_request_raw_key_unique" UNIQUE("raw_key")
);
--> statement-breakpoint
CREATE TABLE "customer_version" (
	"shop_id" integer NOT NULL,
	"customer_id" bigint NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"email_hash" text,
	"email" text,
	"state" text,
	"verified_email" boolean,
	"tags" text,
	"currency" text,
	"country" text,
	"province" text,
	"city" text,
	"created_at" timestamp with time zone,
	"raw_key" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_version_shop_id_customer_id_updated_at_pk" PRIMARY KEY("shop_id","customer_id","updated_at")
);
--> statement-breakpoint
CREATE TABLE "deleted_entity" (
	"shop_id" integer NOT NULL,
	"entity" "entity_kind" NOT NULL,
	"entity_id" bigint NOT NULL,
	"deleted_at" timestamp with time zone NOT NULL,
	"raw_key" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "deleted_entity_shop_id_entity_entity_id_pk" PRIMARY KEY("shop_id","entity","entity_id")
);
--> statement-breakpoint
CREATE TABLE "dim_channel" (
	"shop_id" integer NOT NULL,
	"source_name" text NOT NULL,
	"channel_group" text NOT NULL,
	CONSTRAINT "dim_channel_shop_id_source_name_pk" PRIMARY KEY("shop_id","source_name")
);
--> statement-breakpoint
CREATE TABLE "dim_collection" (
	"shop_id" integer NOT NULL,
	"collection_id" bigint NOT NULL,
	"title" text NOT NULL,
	"handle" text,
	"collection_type" text NOT NULL,
	"sort_order" text,
	"published_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	"deleted_at" timestamp with time zone,
	"raw_key" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dim_collection_shop_id_collection_id_pk" PRIMARY KEY("shop_id","collection_id")
);
--> statement-breakpoint
CREATE TABLE "dim_customer" (
	"shop_id" integer NOT NULL,
	"customer_id" bigint NOT NULL,
	"valid_from" timestamp with time zone NOT NULL,
	"valid_to" timestamp with time zone,
	"is_current" boolean NOT NULL,
	"email_hash" text,
	"email" text,
	"state" text,
	"verified_email" boolean,
	"tags" text,
	"currency" text,
	"country" text,
	"province" text,
	"city" text,
	"created_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	"deleted_at" timestamp with time zone,
	"redacted_at" timestamp with time zone,
	"raw_key" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dim_customer_shop_id_customer_id_valid_from_pk" PRIMARY KEY("shop_id","customer_id","valid_from")
);
--> statement-breakpoint
CREATE TABLE "dim_date" (
	"date_key" integer PRIMARY KEY NOT NULL,
	"date" date NOT NULL,
	"year" smallint NOT NULL,
	"quarter" smallint NOT NULL,
	"month" smallint NOT NULL,
	"month_name" text NOT NULL,
	"day" smallint NOT NULL,
	"day_of_week" smallint NOT NULL,
	"day_name" text NOT NULL,
	"iso_week" smallint NOT NULL,
	"is_weekend" boolean NOT NULL,
	CONSTRAINT "dim_date_date_unique" UNIQUE("date")
);
--> statement-breakpoint
CREATE TABLE "dim_inventory_item" (
	"shop_id" integer NOT NULL,
	"inventory_item_id" bigint NOT NULL,
	"sku" text,
	"cost" numeric,
	"tracked" boolean,
	"requires_shipping" boolean,
	"country_code_of_origin" text,
	"created_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	"deleted_at" timestamp with time zone,
	"raw_key" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dim_inventory_item_shop_id_inventory_item_id_pk" PRIMARY KEY("shop_id","inventory_item_id")
);
--> statement-breakpoint
CREATE TABLE "dim_location" (
	"shop_id" integer NOT NULL,
	"location_id" bigint NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dim_location_shop_id_location_id_pk" PRIMARY KEY("shop_id","location_id")
);
--> statement-breakpoint
CREATE TABLE "dim_product" (
	"shop_id" integer NOT NULL,
	"product_id" bigint NOT NULL,
	"title" text NOT NULL,
	"handle" text,
	"vendor" text,
	"product_type" text,
	"status" text,
	"tags" text,
	"image_count" integer DEFAULT 0 NOT NULL,
	"featured_image_url" text,
	"published_at" timestamp with time zone,
	"created_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	"deleted_at" timestamp with time zone,
	"raw_key" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dim_product_shop_id_product_id_pk" PRIMARY KEY("shop_id","product_id")
);
--> statement-breakpoint
CREATE TABLE "dim_shop" (
	"shop_id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "dim_shop_shop_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"domain" text NOT NULL,
	"shopify_shop_id" bigint,
	"name" text,
	"email" text,
	"currency" text,
	"country_code" text,
	"iana_timezone" text,
	"plan_name" text,
	"updated_at" timestamp with time zone,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"uninstalled_at" timestamp with time zone,
	"redacted_at" timestamp with time zone,
	"raw_key" text,
	CONSTRAINT "dim_shop_domain_unique" UNIQUE("domain")
);
--> statement-breakpoint
CREATE TABLE "dim_variant" (
	"shop_id" integer NOT NULL,
	"variant_id" bigint NOT NULL,
	"product_id" bigint NOT NULL,
	"title" text,
	"sku" text,
	"barcode" text,
	"price" numeric,
	"compare_at_price" numeric,
	"position" integer,
	"option1" text,
	"option2" text,
	"option3" text,
	"inventory_item_id" bigint,
	"product_updated_at" timestamp with time zone NOT NULL,
	"deleted_at" timestamp with time zone,
	"raw_key" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dim_variant_shop_id_variant_id_pk" PRIMARY KEY("shop_id","variant_id")
);
--> statement-breakpoint
CREATE TABLE "fact_fulfillment" (
	"shop_id" integer NOT NULL,
	"fulfillment_id" bigint NOT NULL,
	"order_id" bigint NOT NULL,
	"name" text,
	"status" text,
	"shipment_status" text,
	"service" text,
	"location_id" bigint,
	"tracking_company" text,
	"tracking_number" text,
	"line_count" integer NOT NULL,
	"quantity" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"raw_key" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fact_fulfillment_shop_id_fulfillment_id_pk" PRIMARY KEY("shop_id","fulfillment_id")
);
--> statement-breakpoint
CREATE TABLE "fact_inventory_level" (
	"shop_id" integer NOT NULL,
	"inventory_item_id" bigint NOT NULL,
	"location_id" bigint NOT NULL,
	"available" integer,
	"updated_at" timestamp with time zone NOT NULL,
	"disconnected_at" timestamp with time zone,
	"raw_key" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fact_inventory_level_shop_id_inventory_item_id_location_id_pk" PRIMARY KEY("shop_id","inventory_item_id","location_id")
);
--> statement-breakpoint
CREATE TABLE "fact_inventory_level_history" (
	"shop_id" integer NOT NULL,
	"inventory_item_id" bigint NOT NULL,
	"location_id" bigint NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"available" integer,
	"raw_key" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fact_inventory_level_history_shop_id_inventory_item_id_location_id_updated_at_pk" PRIMARY KEY("shop_id","inventory_item_id","location_id","updated_at")
);
--> statement-breakpoint
CREATE TABLE "fact_order" (
	"shop_id" integer NOT NULL,
	"order_id" bigint NOT NULL,
	"admin_graphql_api_id" text,
	"name" text,
	"order_number" integer,
	"customer_id" bigint,
	"email_hash" text,
	"currency" text NOT NULL,
	"presentment_currency" text,
	"subtotal_price" numeric,
	"total_line_items_price" numeric,
	"total_discounts" numeric,
	"total_tax" numeric,
	"total_shipping" numeric,
	"total_price" numeric NOT NULL,
	"financial_status" text,
	"fulfillment_status" text,
	"source_name" text,
	"discount_codes" text,
	"tags" text,
	"test" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_date_key" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"processed_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text,
	"closed_at" timestamp with time zone,
	"deleted_at" timestamp with time zone,
	"raw_key" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fact_order_shop_id_order_id_pk" PRIMARY KEY("shop_id","order_id")
);
--> statement-breakpoint
CREATE TABLE "fact_order_edit" (
	"shop_id" integer NOT NULL,
	"order_edit_id" bigint NOT NULL,
	"order_id" bigint NOT NULL,
	"lines_added" integer NOT NULL,
	"lines_removed" integer NOT NULL,
	"staff_note" text,
	"created_at" timestamp with time zone NOT NULL,
	"committed_at" timestamp with time zone,
	"raw_key" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fact_order_edit_shop_id_order_edit_id_pk" PRIMARY KEY("shop_id","order_edit_id")
);
--> statement-breakpoint
CREATE TABLE "fact_order_line" (
	"shop_id" integer NOT NULL,
	"line_item_id" bigint NOT NULL,
	"order_id" bigint NOT NULL,
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
	"order_created_at" timestamp with time zone NOT NULL,
	"order_date_key" integer NOT NULL,
	"order_updated_at" timestamp with time zone NOT NULL,
	"raw_key" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fact_order_line_shop_id_line_item_id_pk" PRIMARY KEY("shop_id","line_item_id")
);
--> statement-breakpoint
CREATE TABLE "fact_refund" (
	"shop_id" integer NOT NULL,
	"refund_id" bigint NOT NULL,
	"order_id" bigint NOT NULL,
	"note" text,
	"refunded_amount" numeric NOT NULL,
	"order_adjustments_amount" numeric NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_date_key" integer NOT NULL,
	"processed_at" timestamp with time zone,
	"raw_key" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fact_refund_shop_id_refund_id_pk" PRIMARY KEY("shop_id","refund_id")
);
--> statement-breakpoint
CREATE TABLE "fact_refund_line" (
	"shop_id" integer NOT NULL,
	"refund_line_item_id" bigint NOT NULL,
	"refund_id" bigint NOT NULL,
	"order_id" bigint NOT NULL,
	"line_item_id" bigint NOT NULL,
	"quantity" integer NOT NULL,
	"restock_type" text,
	"location_id" bigint,
	"subtotal" numeric,
	"total_tax" numeric,
	"refund_created_at" timestamp with time zone NOT NULL,
	"refund_date_key" integer NOT NULL,
	"raw_key" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fact_refund_line_shop_id_refund_line_item_id_pk" PRIMARY KEY("shop_id","refund_line_item_id")
);
--> statement-breakpoint
CREATE TABLE "quarantine" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "quarantine_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"stage" "pipeline_stage" NOT NULL,
	"raw_key" text,
	"shop_domain" text,
	"topic" text,
	"webhook_id" text,
	"reason" text NOT NULL,
	"path" text,
	"details" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "raw_event" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "raw_event_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"shop_domain" text NOT NULL,
	"webhook_id" text NOT NULL,
	"event_id" text,
	"topic" text NOT NULL,
	"api_version" text NOT NULL,
	"raw_key" text NOT NULL,
	"customer_id" bigint,
	"order_id" bigint,
	"triggered_at" timestamp with time zone,
	"received_at" timestamp with time zone NOT NULL,
	"status" "raw_event_status" NOT NULL,
	"seen_count" integer DEFAULT 1 NOT NULL,
	"loaded_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "redacted_customer" (
	"shop_domain" text NOT NULL,
	"customer_id" bigint NOT NULL,
	"redacted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "redacted_customer_shop_domain_customer_id_pk" PRIMARY KEY("shop_domain","customer_id")
);
--> statement-breakpoint
ALTER TABLE "bulk_operation" ADD CONSTRAINT "bulk_operation_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_version" ADD CONSTRAINT "customer_version_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deleted_entity" ADD CONSTRAINT "deleted_entity_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dim_channel" ADD CONSTRAINT "dim_channel_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dim_collection" ADD CONSTRAINT "dim_collection_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dim_customer" ADD CONSTRAINT "dim_customer_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dim_inventory_item" ADD CONSTRAINT "dim_inventory_item_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dim_location" ADD CONSTRAINT "dim_location_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dim_product" ADD CONSTRAINT "dim_product_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dim_variant" ADD CONSTRAINT "dim_variant_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_fulfillment" ADD CONSTRAINT "fact_fulfillment_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_inventory_level" ADD CONSTRAINT "fact_inventory_level_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_inventory_level_history" ADD CONSTRAINT "fact_inventory_level_history_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_order" ADD CONSTRAINT "fact_order_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_order_edit" ADD CONSTRAINT "fact_order_edit_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_order_line" ADD CONSTRAINT "fact_order_line_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_refund" ADD CONSTRAINT "fact_refund_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_refund_line" ADD CONSTRAINT "fact_refund_line_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "compliance_request_shop" ON "compliance_request" USING btree ("shop_domain","topic");--> statement-breakpoint
CREATE UNIQUE INDEX "dim_customer_current" ON "dim_customer" USING btree ("shop_id","customer_id") WHERE is_current;--> statement-breakpoint
CREATE INDEX "dim_customer_email_hash" ON "dim_customer" USING btree ("shop_id","email_hash");--> statement-breakpoint
CREATE INDEX "dim_variant_product" ON "dim_variant" USING btree ("shop_id","product_id");--> statement-breakpoint
CREATE INDEX "fact_fulfillment_order" ON "fact_fulfillment" USING btree ("shop_id","order_id");--> statement-breakpoint
CREATE INDEX "fact_order_created_at" ON "fact_order" USING btree ("shop_id","created_at");--> statement-breakpoint
CREATE INDEX "fact_order_updated_at" ON "fact_order" USING btree ("shop_id","updated_at");--> statement-breakpoint
CREATE INDEX "fact_order_customer" ON "fact_order" USING btree ("shop_id","customer_id");--> statement-breakpoint
CREATE INDEX "fact_order_line_order" ON "fact_order_line" USING btree ("shop_id","order_id");--> statement-breakpoint
CREATE INDEX "fact_refund_order" ON "fact_refund" USING btree ("shop_id","order_id");--> statement-breakpoint
CREATE INDEX "fact_refund_line_order" ON "fact_refund_line" USING btree ("shop_id","order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "quarantine_raw_key_stage" ON "quarantine" USING btree ("raw_key","stage");--> statement-breakpoint
CREATE UNIQUE INDEX "raw_event_delivery" ON "raw_event" USING btree ("shop_domain","webhook_id");--> statement-breakpoint
CREATE INDEX "raw_event_shop_topic_received" ON "raw_event" USING btree ("shop_domain","topic","received_at");--> statement-breakpoint
CREATE INDEX "raw_event_customer" ON "raw_event" USING btree ("shop_domain","customer_id");--> statement-breakpoint
CREATE INDEX "raw_event_order" ON "raw_event" USING btree ("shop_domain","order_id");