CREATE TABLE "fact_product_day" (
	"shop_id" integer NOT NULL,
	"date" date NOT NULL,
	"product_id" bigint,
	"variant_id" bigint,
	"units_sold" bigint NOT NULL,
	"units_returned" bigint NOT NULL,
	"gross_sales" numeric NOT NULL,
	"discounts" numeric NOT NULL,
	"returns" numeric NOT NULL,
	"cost_of_goods" numeric,
	"units_without_cost" bigint,
	CONSTRAINT "fact_product_day_key" UNIQUE NULLS NOT DISTINCT("shop_id","date","product_id","variant_id")
);
--> statement-breakpoint
CREATE TABLE "product_day_pending" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "product_day_pending_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"shop_id" integer NOT NULL,
	"date" date NOT NULL
);
--> statement-breakpoint
ALTER TABLE "fact_product_day" ADD CONSTRAINT "fact_product_day_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_day_pending" ADD CONSTRAINT "product_day_pending_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "product_day_pending_day" ON "product_day_pending" USING btree ("shop_id","date");--> statement-breakpoint
CREATE INDEX "fact_order_line_variant" ON "fact_order_line" USING btree ("shop_id","variant_id");

--> statement-breakpoint
-- Every order line and refund line as it moves a product's sales: units and money sold on the
-- order's day, returned on the refund's day, each unit at the cost in force when it was ordered.
CREATE VIEW analytics.product_movements AS
WITH cost_periods AS (
	-- Each cost version holds from its own time until the next; the first also back to the start.
	SELECT shop_id, inventory_item_id, cost,
		CASE WHEN row_number() OVER w = 1 THEN '-infinity'::timestamptz ELSE updated_at END AS valid_from,
		coalesce(lead(updated_at) OVER w, 'infinity'::timestamptz) AS valid_to
	FROM dim_inventory_item_cost_history
	WINDOW w AS (PARTITION BY shop_id, inventory_item_id ORDER BY updated_at)
)
SELECT l.shop_id, d.date,
	l.product_id, l.variant_id, l.quantity AS units_sold, 0 AS units_returned,
	l.gross_amount AS gross_sales, l.total_discount AS discounts, 0::numeric AS returns,
	l.quantity * c.cost AS cost_of_goods
FROM fact_order_line l
JOIN fact_order o ON o.shop_id = l.shop_id AND o.order_id = l.order_id AND NOT o.test AND o.deleted_at IS NULL
JOIN dim_date d ON d.date_key = o.processed_date_key
LEFT JOIN dim_variant v ON v.shop_id = l.shop_id AND v.variant_id = l.variant_id
LEFT JOIN cost_periods c ON c.shop_id = l.shop_id AND c.inventory_item_id = v.inventory_item_id
	AND coalesce(o.processed_at, o.created_at) >= c.valid_from AND coalesce(o.processed_at, o.created_at) < c.valid_to
WHERE NOT l.gift_card
UNION ALL
SELECT rl.shop_id, r.date, l.product_id, l.variant_id, 0, rl.quantity,
	0, 0, coalesce(rl.subtotal, 0),
	-rl.quantity * c.cost
FROM fact_refund_line rl
JOIN analytics.refunds r ON r.shop_id = rl.shop_id AND r.refund_id = rl.refund_id
JOIN fact_order_line l ON l.shop_id = rl.shop_id AND l.line_item_id = rl.line_item_id AND NOT l.gift_card
JOIN fact_order o ON o.shop_id = l.shop_id AND o.order_id = l.order_id
LEFT JOIN dim_variant v ON v.shop_id = l.shop_id AND v.variant_id = l.variant_id
LEFT JOIN cost_periods c ON c.shop_id = l.shop_id AND c.inventory_item_id = v.inventory_item_id
	AND coalesce(o.processed_at, o.created_at) >= c.valid_from AND coalesce(o.processed_at, o.created_at) < c.valid_to;
--> statement-breakpoint
-- A day's sales per product and variant computed from the lines: what fact_product_day keeps.
CREATE VIEW analytics.product_day_figures AS
SELECT
	shop_id,
	date,
	product_id,
	variant_id,
	sum(units_sold)::bigint AS units_sold,
	sum(units_returned)::bigint AS units_returned,
	sum(gross_sales) AS gross_sales,
	sum(discounts) AS discounts,
	sum(returns) AS returns,
	sum(cost_of_goods) AS cost_of_goods,
	(sum(units_sold - units_returned) FILTER (WHERE cost_of_goods IS NULL))::bigint AS units_without_cost
FROM analytics.product_movements
GROUP BY shop_id, date, product_id, variant_id;
--> statement-breakpoint
INSERT INTO fact_product_day (shop_id, date, product_id, variant_id, units_sold, units_returned, gross_sales, discounts, returns, cost_of_goods, units_without_cost)
SELECT shop_id, date, product_id, variant_id, units_sold, units_returned, gross_sales, discounts, returns, cost_of_goods, units_without_cost
FROM analytics.product_day_figures;
--> statement-breakpoint
-- The kept days, and the days a load has changed since computed from the lines: always current,
-- and as fast as the kept rows once they are rebuilt (src/warehouse/product-days.ts).
CREATE OR REPLACE VIEW analytics.product_sales_daily AS
WITH days AS (
	SELECT k.shop_id, k.date, k.product_id, k.variant_id, k.units_sold, k.units_returned, k.gross_sales, k.discounts, k.returns,
		k.cost_of_goods, k.units_without_cost
	FROM fact_product_day k
	WHERE NOT EXISTS (SELECT FROM product_day_pending p WHERE p.shop_id = k.shop_id AND p.date = k.date)
	UNION ALL
	SELECT p.shop_id, p.date, f.product_id, f.variant_id, f.units_sold, f.units_returned, f.gross_sales, f.discounts, f.returns,
		f.cost_of_goods, f.units_without_cost
	FROM (SELECT DISTINCT shop_id, date FROM product_day_pending) p
	CROSS JOIN LATERAL (
		SELECT * FROM analytics.product_day_figures f WHERE f.shop_id = p.shop_id AND f.date = p.date
	) f
)
SELECT
	d.shop_id,
	d.date,
	d.product_id,
	d.variant_id,
	p.title AS product_title,
	v.title AS variant_title,
	v.sku,
	d.units_sold,
	d.units_returned,
	d.gross_sales,
	d.discounts,
	d.returns,
	d.gross_sales - d.discounts - d.returns AS net_sales,
	d.cost_of_goods,
	d.units_without_cost,
	d.gross_sales - d.discounts - d.returns - d.cost_of_goods AS gross_margin,
	round((d.gross_sales - d.discounts - d.returns - d.cost_of_goods) / nullif(d.gross_sales - d.discounts - d.returns, 0), 4) AS margin_rate,
	round(d.units_returned::numeric / nullif(d.units_sold, 0), 4) AS return_rate_units,
	round(d.returns / nullif(d.gross_sales - d.discounts, 0), 4) AS return_rate_value
FROM days d
LEFT JOIN dim_product p ON p.shop_id = d.shop_id AND p.product_id = d.product_id
LEFT JOIN dim_variant v ON v.shop_id = d.shop_id AND v.variant_id = d.variant_id;
--> statement-breakpoint
COMMENT ON VIEW analytics.product_movements IS 'Each order line (units and money sold, on the order''s day) and refund line (units and money returned, on the refund''s day) of a product, with the cost of its units at the time of the order. Gift cards left out.';
--> statement-breakpoint
COMMENT ON VIEW analytics.product_day_figures IS 'analytics.product_movements summed per shop, day, product and variant: what fact_product_day keeps.';
--> statement-breakpoint
COMMENT ON COLUMN analytics.product_movements.shop_id IS 'The shop (dim_shop).';
--> statement-breakpoint
COMMENT ON COLUMN analytics.product_movements.date IS 'The order''s day for a sale, the refund''s day for a return (shop time zone).';
--> statement-breakpoint
COMMENT ON COLUMN analytics.product_movements.product_id IS 'The product, null for custom items and deleted products.';
--> statement-breakpoint
COMMENT ON COLUMN analytics.product_movements.variant_id IS 'The variant, null for custom items and deleted variants.';
--> statement-breakpoint
COMMENT ON COLUMN analytics.product_movements.units_sold IS 'Units ordered (0 on a return).';
--> statement-breakpoint
COMMENT ON COLUMN analytics.product_movements.units_returned IS 'Units refunded (0 on a sale).';
--> statement-breakpoint
COMMENT ON COLUMN analytics.product_movements.gross_sales IS 'Price times quantity ordered, before discounts (0 on a return).';
--> statement-breakpoint
COMMENT ON COLUMN analytics.product_movements.discounts IS 'Discounts allocated to the line (0 on a return).';
--> statement-breakpoint
COMMENT ON COLUMN analytics.product_movements.returns IS 'Value of the units refunded, after their discount share (0 on a sale).';
--> statement-breakpoint
COMMENT ON COLUMN analytics.product_movements.cost_of_goods IS 'Units at the unit cost in force when ordered, negative on a return; null when the cost is unknown.';
--> statement-breakpoint
COMMENT ON COLUMN analytics.product_day_figures.shop_id IS 'The shop (dim_shop).';
--> statement-breakpoint
COMMENT ON COLUMN analytics.product_day_figures.date IS 'The day, in the shop''s time zone.';
--> statement-breakpoint
COMMENT ON COLUMN analytics.product_day_figures.product_id IS 'The product, null for custom items and deleted products.';
--> statement-breakpoint
COMMENT ON COLUMN analytics.product_day_figures.variant_id IS 'The variant, null for custom items and deleted variants.';
--> statement-breakpoint
COMMENT ON COLUMN analytics.product_day_figures.units_sold IS 'Units ordered that day.';
--> statement-breakpoint
COMMENT ON COLUMN analytics.product_day_figures.units_returned IS 'Units refunded that day.';
--> statement-breakpoint
COMMENT ON COLUMN analytics.product_day_figures.gross_sales IS 'Price times quantity ordered that day, before discounts.';
--> statement-breakpoint
COMMENT ON COLUMN analytics.product_day_figures.discounts IS 'Discounts allocated to those lines.';
--> statement-breakpoint
COMMENT ON COLUMN analytics.product_day_figures.returns IS 'Value of the units refunded that day, after their discount share.';
--> statement-breakpoint
COMMENT ON COLUMN analytics.product_day_figures.cost_of_goods IS 'Net units at the unit cost in force when ordered; null when no unit has a known cost.';
--> statement-breakpoint
COMMENT ON COLUMN analytics.product_day_figures.units_without_cost IS 'Net units whose unit cost is unknown; null when every unit has a cost.';
