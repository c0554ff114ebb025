-- What the analytics marts read from the facts, computed once at load: each order's sales figures
-- and the shop's day an order or refund counts on; and the indexes their reads take.
ALTER TABLE "fact_order" ADD COLUMN "sales_units" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "fact_order" ADD COLUMN "sales_gross" numeric DEFAULT '0' NOT NULL;--> statement-breakpoint
ALTER TABLE "fact_order" ADD COLUMN "sales_discounts" numeric DEFAULT '0' NOT NULL;--> statement-breakpoint
ALTER TABLE "fact_order" ADD COLUMN "sales_shipping" numeric DEFAULT '0' NOT NULL;--> statement-breakpoint
ALTER TABLE "fact_order" ADD COLUMN "processed_date_key" integer;--> statement-breakpoint
ALTER TABLE "fact_refund" ADD COLUMN "processed_date_key" integer;--> statement-breakpoint
-- Rows loaded before: their day in the shop's time zone (later rows take it from the payload's offset, which is the shop's).
UPDATE "fact_order" o SET "processed_date_key" = to_char((coalesce(o.processed_at, o.created_at) AT TIME ZONE coalesce(s.iana_timezone, 'UTC')), 'YYYYMMDD')::integer
FROM "dim_shop" s WHERE s.shop_id = o.shop_id;--> statement-breakpoint
UPDATE "fact_refund" r SET "processed_date_key" = to_char((coalesce(r.processed_at, r.created_at) AT TIME ZONE coalesce(s.iana_timezone, 'UTC')), 'YYYYMMDD')::integer
FROM "dim_shop" s WHERE s.shop_id = r.shop_id;--> statement-breakpoint
ALTER TABLE "fact_order" ALTER COLUMN "processed_date_key" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "fact_refund" ALTER COLUMN "processed_date_key" SET NOT NULL;--> statement-breakpoint
CREATE INDEX "dim_variant_inventory_item" ON "dim_variant" USING btree ("shop_id","inventory_item_id");--> statement-breakpoint
CREATE INDEX "fact_order_processed_date" ON "fact_order" USING btree ("shop_id","processed_date_key");--> statement-breakpoint
CREATE INDEX "fact_order_customer_sequence" ON "fact_order" USING btree ("shop_id","customer_id",coalesce("processed_at", "created_at"),"order_id") WHERE not "fact_order"."test" and "fact_order"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "fact_order_line_gift_card" ON "fact_order_line" USING btree ("shop_id","line_item_id") WHERE "fact_order_line"."gift_card";--> statement-breakpoint
CREATE INDEX "fact_refund_processed_date" ON "fact_refund" USING btree ("shop_id","processed_date_key");--> statement-breakpoint
CREATE INDEX "fact_refund_line_refund" ON "fact_refund_line" USING btree ("shop_id","refund_id");--> statement-breakpoint
-- Orders loaded before: their figures from the lines and shipping lines loaded with them.
UPDATE "fact_order" o SET
	"sales_units" = coalesce(l.units, 0),
	"sales_gross" = coalesce(l.gross, 0),
	"sales_discounts" = coalesce(l.discounts, 0),
	"sales_shipping" = coalesce(sl.shipping, 0)
FROM "fact_order" base
LEFT JOIN (
	SELECT shop_id, order_id, sum(quantity) AS units, sum(price * quantity) AS gross, sum(total_discount) AS discounts
	FROM "fact_order_line" WHERE NOT gift_card GROUP BY shop_id, order_id
) l ON l.shop_id = base.shop_id AND l.order_id = base.order_id
LEFT JOIN (
	SELECT shop_id, order_id, sum(price - total_discount) AS shipping FROM "fact_shipping_line" GROUP BY shop_id, order_id
) sl ON sl.shop_id = base.shop_id AND sl.order_id = base.order_id
WHERE o.shop_id = base.shop_id AND o.order_id = base.order_id;
