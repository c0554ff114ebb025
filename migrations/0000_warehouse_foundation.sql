CREATE TYPE "public"."pipeline_stage" AS ENUM('validate', 'transform', 'dead_letter');--> statement-breakpoint
CREATE TYPE "public"."raw_event_status" AS ENUM('validated', 'quarantined', 'unmodelled', 'loaded');--> statement-breakpoint
CREATE TABLE "dim_customer" (
	"shop_id" integer NOT NULL,
	"customer_id" bigint NOT NULL,
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
	"raw_key" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dim_customer_shop_id_customer_id_pk" PRIMARY KEY("shop_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "dim_shop" (
	"shop_id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "dim_shop_shop_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"domain" text NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dim_shop_domain_unique" UNIQUE("domain")
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
	"tags" text,
	"test" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
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
	"order_updated_at" timestamp with time zone NOT NULL,
	"raw_key" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fact_order_line_shop_id_line_item_id_pk" PRIMARY KEY("shop_id","line_item_id")
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
	"triggered_at" timestamp with time zone,
	"received_at" timestamp with time zone NOT NULL,
	"status" "raw_event_status" NOT NULL,
	"seen_count" integer DEFAULT 1 NOT NULL,
	"loaded_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "dim_customer" ADD CONSTRAINT "dim_customer_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_order" ADD CONSTRAINT "fact_order_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_order_line" ADD CONSTRAINT "fact_order_line_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dim_customer_email_hash" ON "dim_customer" USING btree ("shop_id","email_hash");--> statement-breakpoint
CREATE INDEX "fact_order_created_at" ON "fact_order" USING btree ("shop_id","created_at");--> statement-breakpoint
CREATE INDEX "fact_order_updated_at" ON "fact_order" USING btree ("shop_id","updated_at");--> statement-breakpoint
CREATE INDEX "fact_order_line_order" ON "fact_order_line" USING btree ("shop_id","order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "quarantine_raw_key_stage" ON "quarantine" USING btree ("raw_key","stage");--> statement-breakpoint
CREATE UNIQUE INDEX "raw_event_delivery" ON "raw_event" USING btree ("shop_domain","webhook_id");--> statement-breakpoint
CREATE INDEX "raw_event_shop_topic_received" ON "raw_event" USING btree ("shop_domain","topic","received_at");