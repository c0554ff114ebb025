CREATE TABLE "api_key_span" (
	"key_id" bigint NOT NULL,
	"shop_id" integer NOT NULL,
	CONSTRAINT "api_key_span_key_id_shop_id_pk" PRIMARY KEY("key_id","shop_id")
);
--> statement-breakpoint
ALTER TABLE "api_key_span" ADD CONSTRAINT "api_key_span_key_id_api_key_id_fk" FOREIGN KEY ("key_id") REFERENCES "public"."api_key"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_key_span" ADD CONSTRAINT "api_key_span_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;