CREATE TABLE "product_content" (
	"shop_id" integer NOT NULL,
	"product_id" bigint NOT NULL,
	"seo_title" text,
	"seo_description" text,
	"category" text,
	"google_product_category" text,
	"google_gender" text,
	"google_age_group" text,
	"google_mpn" text,
	"google_condition" text,
	"google_custom_product" boolean,
	"google_adwords_grouping" text,
	"google_adwords_labels" text,
	"google_custom_label_0" text,
	"google_custom_label_1" text,
	"google_custom_label_2" text,
	"google_custom_label_3" text,
	"google_custom_label_4" text,
	"updated_at" timestamp with time zone NOT NULL,
	"raw_key" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "product_content_shop_id_product_id_pk" PRIMARY KEY("shop_id","product_id")
);
--> statement-breakpoint
CREATE TABLE "variant_market_price" (
	"shop_id" integer NOT NULL,
	"variant_id" bigint NOT NULL,
	"market" text NOT NULL,
	"product_id" bigint NOT NULL,
	"currency" text,
	"price" numeric,
	"compare_at_price" numeric,
	"product_updated_at" timestamp with time zone NOT NULL,
	"raw_key" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "variant_market_price_shop_id_variant_id_market_pk" PRIMARY KEY("shop_id","variant_id","market")
);
--> statement-breakpoint
ALTER TABLE "dim_product" ADD COLUMN "body_html" text;--> statement-breakpoint
ALTER TABLE "dim_product" ADD COLUMN "body_text" text;--> statement-breakpoint
ALTER TABLE "product_content" ADD CONSTRAINT "product_content_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "variant_market_price" ADD CONSTRAINT "variant_market_price_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "variant_market_price_product" ON "variant_market_price" USING btree ("shop_id","product_id");--> statement-breakpoint
GRANT SELECT ON product_content, variant_market_price TO wharf_bi;