-- The marts read each order's sales figures and the shop's day it counts on from fact_order
-- (computed at load, migration 0022) instead of summing its lines and converting its time on
-- every query, find a range of days through the calendar and the (shop, day) indexes, decide once
-- per order whether it is its customer's first, find unit costs by joining validity periods
-- instead of a function call per line, and read each order once where a mart needs its whole
-- history: the same figures, at a fraction of the work.
CREATE OR REPLACE VIEW analytics.orders AS
SELECT
	o.shop_id,
	o.order_id,
	o.name,
	o.customer_id,
	coalesce(o.source_name, 'unknown') AS channel,
	o.currency,
	o.presentment_currency,
	coalesce(o.processed_at, o.created_at) AS ordered_at,
	d.date,
	o.cancelled_at,
	o.sales_units::bigint AS units,
	o.sales_gross AS gross_sales,
	o.sales_discounts AS discounts,
	o.sales_shipping AS shipping,
	coalesce(o.total_tax, 0) AS taxes,
	coalesce(o.total_duties, 0) AS duties,
	coalesce(o.total_additional_fees, 0) AS additional_fees,
	-- Evaluated only where a query reads it: one probe of fact_order_customer_sequence.
	CASE
		WHEN o.customer_id IS NULL THEN 'guest'
		WHEN EXISTS (
			SELECT FROM fact_order p
			WHERE p.shop_id = o.shop_id AND p.customer_id = o.customer_id AND NOT p.test AND p.deleted_at IS NULL
				AND (coalesce(p.processed_at, p.created_at), p.order_id) < (coalesce(o.processed_at, o.created_at), o.order_id)
		) THEN 'returning'
		ELSE 'new'
	END AS customer_type
FROM fact_order o
JOIN dim_date d ON d.date_key = o.processed_date_key
WHERE NOT o.test AND o.deleted_at IS NULL;
--> statement-breakpoint
-- What a refund's lines gave back, gift cards left out: the one definition of returns.
CREATE VIEW analytics.returned_lines AS
SELECT rl.shop_id, rl.refund_id, rl.order_id, rl.line_item_id, rl.quantity, coalesce(rl.subtotal, 0) AS returns, coalesce(rl.total_tax, 0) AS taxes
FROM fact_refund_line rl
WHERE NOT EXISTS (SELECT FROM fact_order_line ol WHERE ol.shop_id = rl.shop_id AND ol.line_item_id = rl.line_item_id AND ol.gift_card);
--> statement-breakpoint
COMMENT ON VIEW analytics.returned_lines IS 'Each refunded line as the sales report counts it (gift cards left out): the base of returns in every mart.';
COMMENT ON COLUMN analytics.returned_lines.shop_id IS 'The shop (dim_shop).';
COMMENT ON COLUMN analytics.returned_lines.refund_id IS 'The refund.';
COMMENT ON COLUMN analytics.returned_lines.order_id IS 'The refunded order.';
COMMENT ON COLUMN analytics.returned_lines.line_item_id IS 'The order line given back.';
COMMENT ON COLUMN analytics.returned_lines.quantity IS 'Units given back.';
COMMENT ON COLUMN analytics.returned_lines.returns IS 'Their value: the refund line''s subtotal (price times quantity less its discount share).';
COMMENT ON COLUMN analytics.returned_lines.taxes IS 'The tax given back with them.';
--> statement-breakpoint
CREATE OR REPLACE VIEW analytics.refunds AS
SELECT
	r.shop_id,
	r.refund_id,
	r.order_id,
	o.customer_id,
	coalesce(o.source_name, 'unknown') AS channel,
	o.currency,
	coalesce(r.processed_at, r.created_at) AS refunded_at,
	d.date,
	coalesce(rl.units, 0)::bigint AS units_returned,
	coalesce(rl.returns, 0) AS returns,
	coalesce(rl.taxes, 0) + coalesce(r.shipping_tax_refunded, 0) AS taxes_refunded,
	coalesce(r.shipping_refunded, 0) AS shipping_refunded,
	coalesce(r.duties_refunded, 0) AS duties_refunded,
	coalesce(r.additional_fees_refunded, 0) AS additional_fees_refunded
FROM fact_refund r
JOIN fact_order o ON o.shop_id = r.shop_id AND o.order_id = r.order_id AND NOT o.test AND o.deleted_at IS NULL
JOIN dim_date d ON d.date_key = r.processed_date_key
LEFT JOIN LATERAL (
	SELECT sum(rl.quantity) AS units, sum(rl.returns) AS returns, sum(rl.taxes) AS taxes
	FROM analytics.returned_lines rl
	WHERE rl.shop_id = r.shop_id AND rl.refund_id = r.refund_id
) rl ON true;
--> statement-breakpoint
CREATE OR REPLACE VIEW analytics.sales_daily AS
WITH movements AS (
	SELECT shop_id, date, channel, currency, 1 AS orders, units AS units_sold, 0::bigint AS units_returned,
		gross_sales, discounts, 0::numeric AS returns, shipping, taxes, duties, additional_fees,
		customer_type,
		nullif(presentment_currency, currency) AS presentment_currency
	FROM analytics.orders
	UNION ALL
	SELECT shop_id, date, channel, currency, 0, 0, units_returned,
		0, 0, returns, -shipping_refunded, -taxes_refunded, -duties_refunded, -additional_fees_refunded,
		NULL, NULL
	FROM analytics.refunds
)
SELECT
	shop_id,
	date,
	channel,
	currency,
	sum(orders)::integer AS orders,
	sum(units_sold)::bigint AS units_sold,
	sum(units_returned)::bigint AS units_returned,
	sum(gross_sales) AS gross_sales,
	sum(discounts) AS discounts,
	sum(returns) AS returns,
	sum(gross_sales) - sum(discounts) - sum(returns) AS net_sales,
	sum(shipping) AS shipping,
	sum(taxes) AS taxes,
	sum(duties) AS duties,
	sum(additional_fees) AS additional_fees,
	sum(gross_sales) - sum(discounts) - sum(returns) + sum(shipping) + sum(taxes) + sum(duties) + sum(additional_fees) AS total_sales,
	round((sum(gross_sales) - sum(discounts)) / nullif(sum(orders), 0), 2) AS average_order_value,
	(count(*) FILTER (WHERE customer_type = 'new'))::integer AS new_customer_orders,
	(count(*) FILTER (WHERE customer_type = 'returning'))::integer AS returning_customer_orders,
	(count(*) FILTER (WHERE customer_type = 'guest'))::integer AS guest_orders,
	array_remove(array_agg(DISTINCT presentment_currency), NULL) AS presentment_currencies
FROM movements
GROUP BY shop_id, date, channel, currency;
--> statement-breakpoint
CREATE OR REPLACE VIEW analytics.product_sales_daily AS
WITH cost_periods AS (
	-- Each cost version holds from its own time until the next; the first also back to the start.
	SELECT shop_id, inventory_item_id, cost,
		CASE WHEN row_number() OVER w = 1 THEN '-infinity'::timestamptz ELSE updated_at END AS valid_from,
		coalesce(lead(updated_at) OVER w, 'infinity'::timestamptz) AS valid_to
	FROM dim_inventory_item_cost_history
	WINDOW w AS (PARTITION BY shop_id, inventory_item_id ORDER BY updated_at)
),
movements AS (
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
		AND coalesce(o.processed_at, o.created_at) >= c.valid_from AND coalesce(o.processed_at, o.created_at) < c.valid_to
)
SELECT
	m.shop_id,
	m.date,
	m.product_id,
	m.variant_id,
	p.title AS product_title,
	v.title AS variant_title,
	v.sku,
	sum(m.units_sold)::bigint AS units_sold,
	sum(m.units_returned)::bigint AS units_returned,
	sum(m.gross_sales) AS gross_sales,
	sum(m.discounts) AS discounts,
	sum(m.returns) AS returns,
	sum(m.gross_sales) - sum(m.discounts) - sum(m.returns) AS net_sales,
	sum(m.cost_of_goods) AS cost_of_goods,
	(sum(m.units_sold - m.units_returned) FILTER (WHERE m.cost_of_goods IS NULL))::bigint AS units_without_cost,
	sum(m.gross_sales) - sum(m.discounts) - sum(m.returns) - sum(m.cost_of_goods) AS gross_margin,
	round((sum(m.gross_sales) - sum(m.discounts) - sum(m.returns) - sum(m.cost_of_goods)) / nullif(sum(m.gross_sales) - sum(m.discounts) - sum(m.returns), 0), 4) AS margin_rate,
	round(sum(m.units_returned)::numeric / nullif(sum(m.units_sold), 0), 4) AS return_rate_units,
	round(sum(m.returns) / nullif(sum(m.gross_sales) - sum(m.discounts), 0), 4) AS return_rate_value
FROM movements m
LEFT JOIN dim_product p ON p.shop_id = m.shop_id AND p.product_id = m.product_id
LEFT JOIN dim_variant v ON v.shop_id = m.shop_id AND v.variant_id = m.variant_id
GROUP BY m.shop_id, m.date, m.product_id, m.variant_id, p.title, v.title, v.sku;
--> statement-breakpoint
DROP FUNCTION analytics.unit_cost_at(integer, bigint, timestamptz);
--> statement-breakpoint
CREATE OR REPLACE VIEW analytics.customer_orders AS
SELECT
	o.shop_id,
	o.customer_id,
	o.order_id,
	o.ordered_at,
	o.date,
	o.units,
	o.gross_sales - o.discounts - coalesce(r.returns, 0) AS net_sales,
	o.customer_type = 'new' AS is_first_order
FROM analytics.orders o
LEFT JOIN (SELECT shop_id, order_id, sum(returns) AS returns FROM analytics.returned_lines GROUP BY shop_id, order_id) r
	ON r.shop_id = o.shop_id AND r.order_id = o.order_id
WHERE o.customer_id IS NOT NULL;
--> statement-breakpoint
CREATE OR REPLACE VIEW analytics.cohorts_monthly AS
WITH activity AS (
	SELECT
		shop_id,
		customer_id,
		date,
		net_sales,
		date_trunc('month', min(date) OVER (PARTITION BY shop_id, customer_id))::date AS cohort_month
	FROM analytics.customer_orders
),
counted AS (
	SELECT
		shop_id,
		cohort_month,
		((extract(year FROM date) - extract(year FROM cohort_month)) * 12 + extract(month FROM date) - extract(month FROM cohort_month))::integer AS months_since_first_order,
		count(DISTINCT customer_id)::integer AS customers,
		sum(net_sales) AS net_revenue
	FROM activity
	GROUP BY shop_id, cohort_month, months_since_first_order
)
SELECT
	shop_id,
	cohort_month,
	months_since_first_order,
	first_value(customers) OVER (PARTITION BY shop_id, cohort_month ORDER BY months_since_first_order) AS cohort_customers,
	customers,
	round(customers::numeric / first_value(customers) OVER (PARTITION BY shop_id, cohort_month ORDER BY months_since_first_order), 4) AS retention_rate,
	net_revenue
FROM counted;
--> statement-breakpoint
COMMENT ON COLUMN analytics.product_sales_daily.cost_of_goods IS 'Units sold less units returned, each at the unit cost in force when it was ordered (the inventory item''s cost version then, or its first known cost for sales before any was seen); units of unknown cost are left out (see units_without_cost).';
--> statement-breakpoint
-- Everything in the analytics schema is for BI tools, views added later included.
GRANT SELECT ON analytics.returned_lines TO wharf_bi;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA analytics GRANT SELECT ON TABLES TO wharf_bi;
