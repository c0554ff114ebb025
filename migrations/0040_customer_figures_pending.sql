CREATE TABLE "customer_figures_pending" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "customer_figures_pending_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"shop_id" integer NOT NULL,
	"customer_id" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "customer_figures_pending" ADD CONSTRAINT "customer_figures_pending_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_figures_pending_customer" ON "customer_figures_pending" USING btree ("shop_id","customer_id");