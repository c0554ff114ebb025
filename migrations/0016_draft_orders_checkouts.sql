ALTER TYPE "public"."entity_kind" ADD VALUE 'draft_order';--> statement-breakpoint
ALTER TYPE "public"."entity_kind" ADD VALUE 'checkout';--> statement-breakpoint
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
ALTER TABLE "fact_checkout" ADD CONSTRAINT "fact_checkout_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_draft_order" ADD CONSTRAINT "fact_draft_order_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_draft_order_line" ADD CONSTRAINT "fact_draft_order_line_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "fact_checkout_created_at" ON "fact_checkout" USING btree ("shop_id","created_at");--> statement-breakpoint
CREATE INDEX "fact_checkout_customer" ON "fact_checkout" USING btree ("shop_id","customer_id");--> statement-breakpoint
CREATE INDEX "fact_draft_order_customer" ON "fact_draft_order" USING btree ("shop_id","customer_id");--> statement-breakpoint
CREATE INDEX "fact_draft_order_order" ON "fact_draft_order" USING btree ("shop_id","order_id");--> statement-breakpoint
CREATE INDEX "fact_draft_order_line_draft" ON "fact_draft_order_line" USING btree ("shop_id","draft_order_id");