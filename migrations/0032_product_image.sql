CREATE TABLE "product_image" (
	"shop_id" bigint NOT NULL,
	"product_id" bigint NOT NULL,
	"position" integer NOT NULL,
	"image_id" bigint,
	"url" text NOT NULL,
	"alt" text,
	"width" integer,
	"height" integer,
	"variant_ids" bigint[] DEFAULT '{}' NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"raw_key" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "product_image_shop_id_product_id_position_pk" PRIMARY KEY("shop_id","product_id","position")
);
--> statement-breakpoint
ALTER TABLE "product_image" ADD CONSTRAINT "product_image_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
GRANT SELECT ON product_image TO wharf_bi;
