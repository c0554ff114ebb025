-- The analytics layer: schema "analytics", plain views over the star schema. Views are never stale
-- (a load is visible to the next query; nothing to refresh or re-drive) and are correct by
-- construction; what would make them slow is computed once at load (migration 0021) and read
-- through the calendar and (shop, day) indexes. docs/analytics.md says how each figure is defined
-- and where it may differ from Shopify's admin. Every view and column carries a comment: `npm run docs:dictionary` writes them
-- to docs/dictionary.md.
CREATE SCHEMA IF NOT EXISTS analytics;
--> statement-breakpoint
COMMENT ON SCHEMA analytics IS 'Marts that reconcile to Shopify''s own reports: sales, products, customers, cohorts, inventory, discounts, channels, checkouts and fulfillment.';
--> statement-breakpoint
-- Orders as the sales report sees them: every order but test and deleted ones (cancelled orders are
-- sales on their day, reversed by their refund on its day), dated in the shop's own calendar.
CREATE VIEW analytics.orders AS
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
-- Refunds as the sales report sees them: returns and what was given back, on the refund's own day.
CREATE VIEW analytics.refunds AS
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
CREATE VIEW analytics.sales_daily AS
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
CREATE VIEW analytics.product_sales_daily AS
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
-- Each order of a known customer with what it is worth net of its returns (whenever returned).
CREATE VIEW analytics.customer_orders AS
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
CREATE VIEW analytics.customers AS
WITH per_customer AS (
	SELECT
		c.shop_id,
		c.customer_id,
		min(c.ordered_at) AS first_order_at,
		max(c.ordered_at) AS last_order_at,
		min(c.date) AS first_order_date,
		max(c.date) AS last_order_date,
		count(*)::integer AS orders,
		sum(c.units)::bigint AS units,
		sum(c.net_sales) AS net_revenue
	FROM analytics.customer_orders c
	GROUP BY c.shop_id, c.customer_id
),
measured AS (
	SELECT
		p.*,
		round(p.net_revenue / p.orders, 2) AS average_order_value,
		CASE WHEN p.orders > 1 THEN round((p.last_order_date - p.first_order_date)::numeric / (p.orders - 1), 1) END AS average_days_between_orders,
		(now() AT TIME ZONE coalesce(s.iana_timezone, 'UTC'))::date - p.last_order_date AS days_since_last_order,
		least(5, 1 + floor(5 * percent_rank() OVER (PARTITION BY p.shop_id ORDER BY p.last_order_at)))::integer AS recency_score,
		least(5, 1 + floor(5 * percent_rank() OVER (PARTITION BY p.shop_id ORDER BY p.orders)))::integer AS frequency_score,
		least(5, 1 + floor(5 * percent_rank() OVER (PARTITION BY p.shop_id ORDER BY p.net_revenue)))::integer AS monetary_score
	FROM per_customer p
	JOIN dim_shop s ON s.shop_id = p.shop_id
)
SELECT
	m.shop_id,
	m.customer_id,
	m.first_order_at,
	m.last_order_at,
	m.orders,
	m.units,
	m.net_revenue,
	m.average_order_value,
	m.average_days_between_orders,
	m.days_since_last_order,
	m.orders > 1 AS is_repeat,
	date_trunc('month', m.first_order_date)::date AS cohort_month,
	m.recency_score,
	m.frequency_score,
	m.monetary_score,
	CASE
		WHEN m.recency_score >= 4 AND m.frequency_score >= 4 AND m.monetary_score >= 4 THEN 'champions'
		WHEN m.recency_score >= 3 AND m.frequency_score >= 4 THEN 'loyal'
		WHEN m.recency_score >= 4 AND m.orders = 1 THEN 'new'
		WHEN m.recency_score >= 4 THEN 'promising'
		WHEN m.recency_score <= 2 AND m.frequency_score >= 3 THEN 'at_risk'
		WHEN m.recency_score <= 2 THEN 'hibernating'
		ELSE 'needs_attention'
	END AS segment,
	m.net_revenue + CASE
		WHEN m.orders > 1 AND m.average_days_between_orders > 0 AND m.days_since_last_order <= 2 * m.average_days_between_orders
		THEN round(m.average_order_value * 365 / m.average_days_between_orders, 2)
		ELSE 0
	END AS clv_estimate
FROM measured m;
--> statement-breakpoint
CREATE VIEW analytics.cohorts_monthly AS
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
CREATE VIEW analytics.inventory_position AS
WITH today AS (
	SELECT shop_id, (now() AT TIME ZONE coalesce(iana_timezone, 'UTC'))::date AS today, coalesce(iana_timezone, 'UTC') AS time_zone FROM dim_shop
),
levels AS (
	SELECT l.shop_id, l.inventory_item_id, l.location_id, l.available AS on_hand,
		sum(greatest(l.available, 0)) OVER (PARTITION BY l.shop_id, l.inventory_item_id) AS item_on_hand
	FROM fact_inventory_level l
	WHERE l.disconnected_at IS NULL
),
item_sales AS (
	SELECT v.shop_id, v.inventory_item_id, sum(l.quantity)::bigint AS units_sold_28d
	FROM today t
	JOIN analytics.orders o ON o.shop_id = t.shop_id AND o.date BETWEEN t.today - 27 AND t.today
	JOIN fact_order_line l ON l.shop_id = o.shop_id AND l.order_id = o.order_id
	JOIN dim_variant v ON v.shop_id = l.shop_id AND v.variant_id = l.variant_id
	WHERE v.inventory_item_id IS NOT NULL
	GROUP BY v.shop_id, v.inventory_item_id
),
readings AS (
	SELECT h.shop_id, h.inventory_item_id, h.location_id, h.available, t.today,
		(h.updated_at AT TIME ZONE t.time_zone)::date AS day,
		(lead(h.updated_at) OVER (PARTITION BY h.shop_id, h.inventory_item_id, h.location_id ORDER BY h.updated_at) AT TIME ZONE t.time_zone)::date AS next_day
	FROM fact_inventory_level_history h
	JOIN today t ON t.shop_id = h.shop_id
	WHERE h.updated_at < ((t.today + 1)::timestamp AT TIME ZONE t.time_zone)
),
stockouts AS (
	-- A reading is the level at the end of each day from its own to the day before the next
	-- reading's (or today): those of the last 28 days it says 0 or less are stockout days.
	SELECT shop_id, inventory_item_id, location_id,
		sum(greatest(0, least(coalesce(next_day - 1, today), today) - greatest(day, today - 27) + 1))::integer AS stockout_days
	FROM readings
	WHERE available <= 0
	GROUP BY shop_id, inventory_item_id, location_id
)
SELECT
	lv.shop_id,
	lv.inventory_item_id,
	lv.location_id,
	v.variant_id,
	v.product_id,
	coalesce(i.sku, v.sku) AS sku,
	loc.name AS location_name,
	lv.on_hand,
	lv.item_on_hand::bigint AS item_on_hand,
	coalesce(s.units_sold_28d, 0) AS units_sold_28d,
	round(lv.item_on_hand / nullif(s.units_sold_28d / 28.0, 0), 1) AS days_of_cover,
	round(coalesce(s.units_sold_28d, 0)::numeric / nullif(coalesce(s.units_sold_28d, 0) + lv.item_on_hand, 0), 4) AS sell_through_28d,
	coalesce(so.stockout_days, 0) AS stockout_days_28d,
	round(coalesce(s.units_sold_28d, 0) * 365.0 / 28 / nullif(lv.item_on_hand, 0), 2) AS turnover_annualized,
	i.cost AS unit_cost,
	lv.on_hand * i.cost AS stock_value
FROM levels lv
LEFT JOIN dim_inventory_item i ON i.shop_id = lv.shop_id AND i.inventory_item_id = lv.inventory_item_id
LEFT JOIN LATERAL (
	SELECT vv.variant_id, vv.product_id, vv.sku FROM dim_variant vv
	WHERE vv.shop_id = lv.shop_id AND vv.inventory_item_id = lv.inventory_item_id AND vv.deleted_at IS NULL
	ORDER BY vv.variant_id LIMIT 1
) v ON true
LEFT JOIN dim_location loc ON loc.shop_id = lv.shop_id AND loc.location_id = lv.location_id
LEFT JOIN item_sales s ON s.shop_id = lv.shop_id AND s.inventory_item_id = lv.inventory_item_id
LEFT JOIN stockouts so ON so.shop_id = lv.shop_id AND so.inventory_item_id = lv.inventory_item_id AND so.location_id = lv.location_id;
--> statement-breakpoint
CREATE VIEW analytics.discounts AS
WITH order_net AS (
	SELECT o.shop_id, o.order_id, o.date, o.gross_sales, o.discounts, o.customer_type,
		o.gross_sales - o.discounts - coalesce((SELECT sum(r.returns) FROM analytics.refunds r WHERE r.shop_id = o.shop_id AND r.order_id = o.order_id), 0) AS net_sales
	FROM analytics.orders o
)
SELECT
	d.shop_id,
	o.date,
	coalesce(d.code, d.title, d.type) AS discount,
	CASE d.type WHEN 'discount_code' THEN 'code' ELSE d.type END AS method,
	count(DISTINCT d.order_id)::integer AS orders,
	sum(o.gross_sales) AS gross_sales,
	sum(d.amount) AS discount_amount,
	sum(o.net_sales) AS net_sales,
	(count(DISTINCT d.order_id) FILTER (WHERE o.customer_type = 'new'))::integer AS new_customers
FROM fact_order_discount d
JOIN order_net o ON o.shop_id = d.shop_id AND o.order_id = d.order_id
GROUP BY d.shop_id, o.date, coalesce(d.code, d.title, d.type), CASE d.type WHEN 'discount_code' THEN 'code' ELSE d.type END;
--> statement-breakpoint
CREATE VIEW analytics.channel_sales_daily AS
SELECT shop_id, date, 'shopify' AS source, channel, currency, orders, units_sold - units_returned AS units,
	gross_sales, discounts, returns, net_sales
FROM analytics.sales_daily
UNION ALL
SELECT
	shop_id,
	to_date(invoice_date_key::text, 'YYYYMMDD') AS date,
	'upload' AS source,
	channel,
	coalesce(currency, '') AS currency,
	(count(DISTINCT invoice_no) FILTER (WHERE NOT is_return))::integer AS orders,
	sum(quantity)::bigint AS units,
	coalesce(sum(line_total) FILTER (WHERE NOT is_return), 0) AS gross_sales,
	0::numeric AS discounts,
	coalesce(-sum(line_total) FILTER (WHERE is_return), 0) AS returns,
	sum(line_total) AS net_sales
FROM (
	SELECT DISTINCT ON (shop_id, coalesce(channel, 'retail'), line_hash)
		shop_id, invoice_date_key, coalesce(channel, 'retail') AS channel, currency, invoice_no, is_return, quantity, line_total
	FROM fact_sales_line
	ORDER BY shop_id, coalesce(channel, 'retail'), line_hash, loaded_at, job_id, row_number
) lines
GROUP BY shop_id, invoice_date_key, channel, coalesce(currency, '');
--> statement-breakpoint
CREATE VIEW analytics.checkout_funnel_daily AS
SELECT
	c.shop_id,
	(c.created_at AT TIME ZONE coalesce(s.iana_timezone, 'UTC'))::date AS date,
	count(*)::integer AS checkouts_started,
	(count(*) FILTER (WHERE c.completed_at IS NOT NULL))::integer AS checkouts_completed,
	(count(*) FILTER (WHERE c.completed_at IS NULL))::integer AS checkouts_abandoned,
	round((count(*) FILTER (WHERE c.completed_at IS NOT NULL))::numeric / count(*), 4) AS conversion_rate,
	round((count(*) FILTER (WHERE c.completed_at IS NULL))::numeric / count(*), 4) AS abandonment_rate
FROM fact_checkout c
JOIN dim_shop s ON s.shop_id = c.shop_id
GROUP BY c.shop_id, (c.created_at AT TIME ZONE coalesce(s.iana_timezone, 'UTC'))::date;
--> statement-breakpoint
CREATE VIEW analytics.fulfillment_daily AS
WITH firsts AS (
	SELECT o.shop_id, o.order_id, o.date,
		extract(epoch FROM (
			SELECT min(f.created_at) FROM fact_fulfillment f
			WHERE f.shop_id = o.shop_id AND f.order_id = o.order_id AND coalesce(f.status, 'success') NOT IN ('cancelled', 'error', 'failure')
		) - o.ordered_at) / 3600 AS hours
	FROM analytics.orders o
	WHERE o.cancelled_at IS NULL
)
SELECT
	shop_id,
	date,
	count(*)::integer AS orders,
	count(hours)::integer AS fulfilled_orders,
	round(percentile_cont(0.5) WITHIN GROUP (ORDER BY hours)::numeric, 2) AS hours_to_fulfill_p50,
	round(percentile_cont(0.9) WITHIN GROUP (ORDER BY hours)::numeric, 2) AS hours_to_fulfill_p90,
	(count(*) FILTER (WHERE hours <= 24))::integer AS fulfilled_within_24h,
	(count(*) FILTER (WHERE hours <= 48))::integer AS fulfilled_within_48h,
	round((count(*) FILTER (WHERE hours <= 24))::numeric / count(*), 4) AS share_fulfilled_within_24h,
	round((count(*) FILTER (WHERE hours <= 48))::numeric / count(*), 4) AS share_fulfilled_within_48h
FROM firsts
GROUP BY shop_id, date;
--> statement-breakpoint
-- What BI tools may read of it: everything in the schema (the star schema's grants are in 0018).
GRANT USAGE ON SCHEMA analytics TO wharf_bi;
--> statement-breakpoint
GRANT SELECT ON ALL TABLES IN SCHEMA analytics TO wharf_bi;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA analytics GRANT SELECT ON TABLES TO wharf_bi;
--> statement-breakpoint
-- BI tools connect with the server's settings: compiling these plans takes longer than running them.
ALTER ROLE wharf_bi SET jit = off;
--> statement-breakpoint
-- The data dictionary.
COMMENT ON VIEW analytics.orders IS 'One row per order as Shopify''s sales report counts it: every order except test and deleted ones, dated by when it was processed in the shop''s time zone. Cancelled orders stay: their refund reverses them on its own day. Gift card lines are left out of units, gross sales and discounts.';
COMMENT ON COLUMN analytics.orders.shop_id IS 'The shop (dim_shop).';
COMMENT ON COLUMN analytics.orders.order_id IS 'Shopify''s order id.';
COMMENT ON COLUMN analytics.orders.name IS 'The order''s name as merchants see it, e.g. #1001.';
COMMENT ON COLUMN analytics.orders.customer_id IS 'The customer, null for guest orders.';
COMMENT ON COLUMN analytics.orders.channel IS 'The sales channel: the order''s source_name (web, pos, shopify_draft_order, an app id...), unknown when absent.';
COMMENT ON COLUMN analytics.orders.currency IS 'The shop''s currency: every amount is in it.';
COMMENT ON COLUMN analytics.orders.presentment_currency IS 'The currency the customer paid in.';
COMMENT ON COLUMN analytics.orders.ordered_at IS 'When the order was processed (created_at when Shopify gives no processed_at).';
COMMENT ON COLUMN analytics.orders.date IS 'ordered_at''s day in the shop''s time zone.';
COMMENT ON COLUMN analytics.orders.cancelled_at IS 'When the order was cancelled, if it was.';
COMMENT ON COLUMN analytics.orders.units IS 'Units ordered (line quantities), gift cards left out.';
COMMENT ON COLUMN analytics.orders.gross_sales IS 'Line price times quantity, before discounts, gift cards left out.';
COMMENT ON COLUMN analytics.orders.discounts IS 'What discounts took off the lines: line-level and the lines'' share of order-level discounts. Shipping discounts are in shipping.';
COMMENT ON COLUMN analytics.orders.shipping IS 'Shipping charged less shipping discounts.';
COMMENT ON COLUMN analytics.orders.taxes IS 'Taxes charged on the order (lines and shipping).';
COMMENT ON COLUMN analytics.orders.duties IS 'Import duties charged at checkout, 0 where none or not stated.';
COMMENT ON COLUMN analytics.orders.additional_fees IS 'Additional fees charged at checkout, 0 where none or not stated.';
COMMENT ON COLUMN analytics.orders.customer_type IS 'new (the customer''s first order, by processing time), returning, or guest (no customer).';

COMMENT ON VIEW analytics.refunds IS 'One row per refund of a reported order, dated by when it was processed in the shop''s time zone: the returns and the shipping, taxes, duties and fees it gave back.';
COMMENT ON COLUMN analytics.refunds.shop_id IS 'The shop (dim_shop).';
COMMENT ON COLUMN analytics.refunds.refund_id IS 'Shopify''s refund id.';
COMMENT ON COLUMN analytics.refunds.order_id IS 'The refunded order.';
COMMENT ON COLUMN analytics.refunds.customer_id IS 'The order''s customer, null for guest orders.';
COMMENT ON COLUMN analytics.refunds.channel IS 'The refunded order''s channel.';
COMMENT ON COLUMN analytics.refunds.currency IS 'The shop''s currency.';
COMMENT ON COLUMN analytics.refunds.refunded_at IS 'When the refund was processed (created_at when Shopify gives no processed_at).';
COMMENT ON COLUMN analytics.refunds.date IS 'refunded_at''s day in the shop''s time zone.';
COMMENT ON COLUMN analytics.refunds.units_returned IS 'Units given back (refund line quantities), gift cards left out.';
COMMENT ON COLUMN analytics.refunds.returns IS 'The value of the goods given back: the refund lines'' subtotals (price times quantity less their discount share), gift cards left out.';
COMMENT ON COLUMN analytics.refunds.taxes_refunded IS 'Taxes given back, on lines and on shipping.';
COMMENT ON COLUMN analytics.refunds.shipping_refunded IS 'Shipping given back.';
COMMENT ON COLUMN analytics.refunds.duties_refunded IS 'Duties given back.';
COMMENT ON COLUMN analytics.refunds.additional_fees_refunded IS 'Additional fees given back.';

COMMENT ON VIEW analytics.sales_daily IS 'Shopify''s sales report per shop, day (shop time zone) and channel: sales on the day the order was processed, returns and refunded shipping, taxes, duties and fees on the day the refund was processed. Amounts in the shop''s currency. Sum the additive columns over days or channels; recompute average_order_value as (gross_sales - discounts) / orders.';
COMMENT ON COLUMN analytics.sales_daily.shop_id IS 'The shop (dim_shop).';
COMMENT ON COLUMN analytics.sales_daily.date IS 'The day, in the shop''s time zone.';
COMMENT ON COLUMN analytics.sales_daily.channel IS 'The orders'' source_name (unknown when absent); refunds count in their order''s channel.';
COMMENT ON COLUMN analytics.sales_daily.currency IS 'The shop''s currency: every amount is in it.';
COMMENT ON COLUMN analytics.sales_daily.orders IS 'Orders processed that day.';
COMMENT ON COLUMN analytics.sales_daily.units_sold IS 'Units ordered that day, gift cards left out.';
COMMENT ON COLUMN analytics.sales_daily.units_returned IS 'Units refunded that day.';
COMMENT ON COLUMN analytics.sales_daily.gross_sales IS 'Line price times quantity of the day''s orders, before discounts; gift cards left out.';
COMMENT ON COLUMN analytics.sales_daily.discounts IS 'Line and order-level discounts of the day''s orders, as a positive amount; shipping discounts are in shipping.';
COMMENT ON COLUMN analytics.sales_daily.returns IS 'Value of the goods refunded that day (after their discount share), as a positive amount.';
COMMENT ON COLUMN analytics.sales_daily.net_sales IS 'gross_sales - discounts - returns.';
COMMENT ON COLUMN analytics.sales_daily.shipping IS 'Shipping charged less shipping discounts on the day''s orders, less shipping refunded that day.';
COMMENT ON COLUMN analytics.sales_daily.taxes IS 'Taxes charged on the day''s orders less taxes refunded that day.';
COMMENT ON COLUMN analytics.sales_daily.duties IS 'Duties charged on the day''s orders less duties refunded that day.';
COMMENT ON COLUMN analytics.sales_daily.additional_fees IS 'Additional fees charged on the day''s orders less those refunded that day.';
COMMENT ON COLUMN analytics.sales_daily.total_sales IS 'net_sales + shipping + taxes + duties + additional_fees.';
COMMENT ON COLUMN analytics.sales_daily.average_order_value IS '(gross_sales - discounts) / orders, rounded to cents; null on days without orders.';
COMMENT ON COLUMN analytics.sales_daily.new_customer_orders IS 'Orders that were their customer''s first.';
COMMENT ON COLUMN analytics.sales_daily.returning_customer_orders IS 'Orders of customers who had ordered before.';
COMMENT ON COLUMN analytics.sales_daily.guest_orders IS 'Orders without a customer.';
COMMENT ON COLUMN analytics.sales_daily.presentment_currencies IS 'Other currencies customers paid the day''s orders in (the amounts are converted to the shop''s currency).';

COMMENT ON VIEW analytics.product_sales_daily IS 'Sales per shop, day (shop time zone), product and variant: units, money and cost of goods on the order''s day, returns on the refund''s day. Gift cards left out.';
COMMENT ON COLUMN analytics.product_sales_daily.shop_id IS 'The shop (dim_shop).';
COMMENT ON COLUMN analytics.product_sales_daily.date IS 'The day, in the shop''s time zone.';
COMMENT ON COLUMN analytics.product_sales_daily.product_id IS 'The product, null for custom items and deleted products.';
COMMENT ON COLUMN analytics.product_sales_daily.variant_id IS 'The variant, null for custom items and deleted variants.';
COMMENT ON COLUMN analytics.product_sales_daily.product_title IS 'The product''s current title.';
COMMENT ON COLUMN analytics.product_sales_daily.variant_title IS 'The variant''s current title.';
COMMENT ON COLUMN analytics.product_sales_daily.sku IS 'The variant''s current SKU.';
COMMENT ON COLUMN analytics.product_sales_daily.units_sold IS 'Units ordered that day.';
COMMENT ON COLUMN analytics.product_sales_daily.units_returned IS 'Units refunded that day.';
COMMENT ON COLUMN analytics.product_sales_daily.gross_sales IS 'Price times quantity ordered that day, before discounts.';
COMMENT ON COLUMN analytics.product_sales_daily.discounts IS 'Discounts allocated to those lines.';
COMMENT ON COLUMN analytics.product_sales_daily.returns IS 'Value of the units refunded that day, after their discount share.';
COMMENT ON COLUMN analytics.product_sales_daily.net_sales IS 'gross_sales - discounts - returns.';
COMMENT ON COLUMN analytics.product_sales_daily.cost_of_goods IS 'Units sold less units returned, each at the unit cost in force when it was ordered (the inventory item''s cost version then, or its first known cost for sales before any was seen); units of unknown cost are left out (see units_without_cost).';
COMMENT ON COLUMN analytics.product_sales_daily.units_without_cost IS 'Net units whose unit cost is unknown (no cost on the variant''s inventory item); null when every unit has a cost.';
COMMENT ON COLUMN analytics.product_sales_daily.gross_margin IS 'net_sales - cost_of_goods; null when no unit has a cost.';
COMMENT ON COLUMN analytics.product_sales_daily.margin_rate IS 'gross_margin / net_sales (0.25 is 25 %).';
COMMENT ON COLUMN analytics.product_sales_daily.return_rate_units IS 'units_returned / units_sold of the day (over a range, divide the sums).';
COMMENT ON COLUMN analytics.product_sales_daily.return_rate_value IS 'returns / (gross_sales - discounts) of the day (over a range, divide the sums).';

COMMENT ON VIEW analytics.customer_orders IS 'Each reported order of a known customer, with its net sales after its returns (whenever refunded).';
COMMENT ON COLUMN analytics.customer_orders.shop_id IS 'The shop (dim_shop).';
COMMENT ON COLUMN analytics.customer_orders.customer_id IS 'The customer.';
COMMENT ON COLUMN analytics.customer_orders.order_id IS 'The order.';
COMMENT ON COLUMN analytics.customer_orders.ordered_at IS 'When the order was processed.';
COMMENT ON COLUMN analytics.customer_orders.date IS 'ordered_at''s day in the shop''s time zone.';
COMMENT ON COLUMN analytics.customer_orders.units IS 'Units ordered.';
COMMENT ON COLUMN analytics.customer_orders.net_sales IS 'Gross sales - discounts - returns of the order.';
COMMENT ON COLUMN analytics.customer_orders.is_first_order IS 'Whether it is the customer''s first order.';

COMMENT ON VIEW analytics.customers IS 'One row per customer who ordered: history, RFM scores and segment, and a lifetime value estimate. Scores are 1 to 5 per shop from the customer''s percent rank (ties share a score): recency by last order, frequency by orders, monetary by net revenue.';
COMMENT ON COLUMN analytics.customers.shop_id IS 'The shop (dim_shop).';
COMMENT ON COLUMN analytics.customers.customer_id IS 'The customer (dim_customer).';
COMMENT ON COLUMN analytics.customers.first_order_at IS 'When the first order was processed.';
COMMENT ON COLUMN analytics.customers.last_order_at IS 'When the last order was processed.';
COMMENT ON COLUMN analytics.customers.orders IS 'Orders placed (test and deleted orders left out).';
COMMENT ON COLUMN analytics.customers.units IS 'Units ordered.';
COMMENT ON COLUMN analytics.customers.net_revenue IS 'Gross sales - discounts - returns of all the customer''s orders (no shipping or taxes).';
COMMENT ON COLUMN analytics.customers.average_order_value IS 'net_revenue / orders.';
COMMENT ON COLUMN analytics.customers.average_days_between_orders IS '(last order day - first order day) / (orders - 1); null for one order.';
COMMENT ON COLUMN analytics.customers.days_since_last_order IS 'Days from the last order''s day to today, in the shop''s time zone.';
COMMENT ON COLUMN analytics.customers.is_repeat IS 'Whether the customer ordered more than once.';
COMMENT ON COLUMN analytics.customers.cohort_month IS 'The month of the first order (its first day).';
COMMENT ON COLUMN analytics.customers.recency_score IS '1 + floor(5 x percent rank by last order time), at most 5: 5 is the most recent fifth.';
COMMENT ON COLUMN analytics.customers.frequency_score IS '1 + floor(5 x percent rank by orders), at most 5.';
COMMENT ON COLUMN analytics.customers.monetary_score IS '1 + floor(5 x percent rank by net revenue), at most 5.';
COMMENT ON COLUMN analytics.customers.segment IS 'champions (R, F and M at least 4), loyal (R at least 3, F at least 4), new (R at least 4, one order), promising (other R at least 4), at_risk (R at most 2, F at least 3), hibernating (other R at most 2), needs_attention (the rest); the first that applies.';
COMMENT ON COLUMN analytics.customers.clv_estimate IS 'net_revenue plus the next twelve months at the customer''s own pace (average_order_value x 365 / average_days_between_orders) for repeat customers whose last order is within twice their usual gap; net_revenue alone otherwise.';

COMMENT ON VIEW analytics.cohorts_monthly IS 'Retention per shop and cohort (the month of the customers'' first order): customers ordering and their net revenue in each month since.';
COMMENT ON COLUMN analytics.cohorts_monthly.shop_id IS 'The shop (dim_shop).';
COMMENT ON COLUMN analytics.cohorts_monthly.cohort_month IS 'The month of the first order (its first day).';
COMMENT ON COLUMN analytics.cohorts_monthly.months_since_first_order IS 'Calendar months since the cohort month: 0 is the cohort month itself.';
COMMENT ON COLUMN analytics.cohorts_monthly.cohort_customers IS 'Customers whose first order was in the cohort month.';
COMMENT ON COLUMN analytics.cohorts_monthly.customers IS 'Of those, customers who ordered in this month.';
COMMENT ON COLUMN analytics.cohorts_monthly.retention_rate IS 'customers / cohort_customers.';
COMMENT ON COLUMN analytics.cohorts_monthly.net_revenue IS 'Net sales (after their returns) of the cohort''s orders placed in this month.';

COMMENT ON VIEW analytics.inventory_position IS 'Stock per inventory item and location now, with the item''s sales pace over the last 28 days (shop time zone, today included). Sales are per item (an order does not say which location''s stock it takes), stock per location.';
COMMENT ON COLUMN analytics.inventory_position.shop_id IS 'The shop (dim_shop).';
COMMENT ON COLUMN analytics.inventory_position.inventory_item_id IS 'The inventory item.';
COMMENT ON COLUMN analytics.inventory_position.location_id IS 'The location.';
COMMENT ON COLUMN analytics.inventory_position.variant_id IS 'The variant stocked as this item.';
COMMENT ON COLUMN analytics.inventory_position.product_id IS 'The variant''s product.';
COMMENT ON COLUMN analytics.inventory_position.sku IS 'The item''s SKU.';
COMMENT ON COLUMN analytics.inventory_position.location_name IS 'The location''s name.';
COMMENT ON COLUMN analytics.inventory_position.on_hand IS 'Units available at this location (may be negative when oversold).';
COMMENT ON COLUMN analytics.inventory_position.item_on_hand IS 'Units available across the item''s connected locations, negatives counted as 0.';
COMMENT ON COLUMN analytics.inventory_position.units_sold_28d IS 'Units of the item ordered in the last 28 days.';
COMMENT ON COLUMN analytics.inventory_position.days_of_cover IS 'item_on_hand / (units_sold_28d / 28): days the stock lasts at the recent pace; null without sales.';
COMMENT ON COLUMN analytics.inventory_position.sell_through_28d IS 'units_sold_28d / (units_sold_28d + item_on_hand).';
COMMENT ON COLUMN analytics.inventory_position.stockout_days_28d IS 'Days of the last 28 that this location ended with 0 or fewer available (from the level history; days before the first reading are not counted).';
COMMENT ON COLUMN analytics.inventory_position.turnover_annualized IS 'units_sold_28d x 365 / 28 / item_on_hand: how many times a year the stock turns at the recent pace.';
COMMENT ON COLUMN analytics.inventory_position.unit_cost IS 'The item''s current unit cost.';
COMMENT ON COLUMN analytics.inventory_position.stock_value IS 'on_hand x unit_cost.';

COMMENT ON VIEW analytics.discounts IS 'Discounts per shop, order day and discount (a code, or an automatic, manual or script discount''s title): the orders they were applied to and what those orders were worth.';
COMMENT ON COLUMN analytics.discounts.shop_id IS 'The shop (dim_shop).';
COMMENT ON COLUMN analytics.discounts.date IS 'The orders'' day, in the shop''s time zone.';
COMMENT ON COLUMN analytics.discounts.discount IS 'The code, or the title of an automatic, manual or script discount.';
COMMENT ON COLUMN analytics.discounts.method IS 'code, automatic, manual or script.';
COMMENT ON COLUMN analytics.discounts.orders IS 'Orders the discount was applied to.';
COMMENT ON COLUMN analytics.discounts.gross_sales IS 'Gross sales of those orders.';
COMMENT ON COLUMN analytics.discounts.discount_amount IS 'What this discount took off (lines and shipping).';
COMMENT ON COLUMN analytics.discounts.net_sales IS 'Gross sales - all discounts - returns (whenever refunded) of those orders.';
COMMENT ON COLUMN analytics.discounts.new_customers IS 'Of those orders, customers'' first orders.';

COMMENT ON VIEW analytics.channel_sales_daily IS 'Sales across Shopify and uploaded channel files per shop, day, source and channel. An uploaded line is counted once per shop and channel however many overlapping uploads carry the same record (same text, hence the same line hash); the earliest loaded copy is kept.';
COMMENT ON COLUMN analytics.channel_sales_daily.shop_id IS 'The shop (dim_shop).';
COMMENT ON COLUMN analytics.channel_sales_daily.date IS 'The day: the shop''s time zone for Shopify, the file''s own dates for uploads.';
COMMENT ON COLUMN analytics.channel_sales_daily.source IS 'shopify or upload.';
COMMENT ON COLUMN analytics.channel_sales_daily.channel IS 'Shopify''s source_name, or the upload mapping''s source (retail for the retail export).';
COMMENT ON COLUMN analytics.channel_sales_daily.currency IS 'The currency of the amounts (empty when a file did not say).';
COMMENT ON COLUMN analytics.channel_sales_daily.orders IS 'Orders (Shopify) or invoices with a sale (uploads).';
COMMENT ON COLUMN analytics.channel_sales_daily.units IS 'Units sold less units returned.';
COMMENT ON COLUMN analytics.channel_sales_daily.gross_sales IS 'Before discounts and returns.';
COMMENT ON COLUMN analytics.channel_sales_daily.discounts IS 'Discounts (uploads carry none apart from their prices).';
COMMENT ON COLUMN analytics.channel_sales_daily.returns IS 'Value returned, as a positive amount.';
COMMENT ON COLUMN analytics.channel_sales_daily.net_sales IS 'gross_sales - discounts - returns.';

COMMENT ON VIEW analytics.checkout_funnel_daily IS 'Checkouts per shop and day they were started (shop time zone): completed or abandoned.';
COMMENT ON COLUMN analytics.checkout_funnel_daily.shop_id IS 'The shop (dim_shop).';
COMMENT ON COLUMN analytics.checkout_funnel_daily.date IS 'The day checkouts were started, in the shop''s time zone.';
COMMENT ON COLUMN analytics.checkout_funnel_daily.checkouts_started IS 'Checkouts started that day.';
COMMENT ON COLUMN analytics.checkout_funnel_daily.checkouts_completed IS 'Of those, checkouts completed (whenever).';
COMMENT ON COLUMN analytics.checkout_funnel_daily.checkouts_abandoned IS 'Of those, checkouts not completed.';
COMMENT ON COLUMN analytics.checkout_funnel_daily.conversion_rate IS 'checkouts_completed / checkouts_started.';
COMMENT ON COLUMN analytics.checkout_funnel_daily.abandonment_rate IS 'checkouts_abandoned / checkouts_started.';

COMMENT ON VIEW analytics.fulfillment_daily IS 'How fast orders ship, per shop and order day (shop time zone): hours from the order to its first fulfillment (cancelled, failed and errored fulfillments left out). Cancelled orders are left out.';
COMMENT ON COLUMN analytics.fulfillment_daily.shop_id IS 'The shop (dim_shop).';
COMMENT ON COLUMN analytics.fulfillment_daily.date IS 'The orders'' day, in the shop''s time zone.';
COMMENT ON COLUMN analytics.fulfillment_daily.orders IS 'Orders of the day not cancelled.';
COMMENT ON COLUMN analytics.fulfillment_daily.fulfilled_orders IS 'Of those, orders with a fulfillment.';
COMMENT ON COLUMN analytics.fulfillment_daily.hours_to_fulfill_p50 IS 'Median hours from order to first fulfillment, over fulfilled orders.';
COMMENT ON COLUMN analytics.fulfillment_daily.hours_to_fulfill_p90 IS '90th percentile of those hours (continuous percentile).';
COMMENT ON COLUMN analytics.fulfillment_daily.fulfilled_within_24h IS 'Orders first fulfilled within 24 hours.';
COMMENT ON COLUMN analytics.fulfillment_daily.fulfilled_within_48h IS 'Orders first fulfilled within 48 hours.';
COMMENT ON COLUMN analytics.fulfillment_daily.share_fulfilled_within_24h IS 'fulfilled_within_24h / orders.';
COMMENT ON COLUMN analytics.fulfillment_daily.share_fulfilled_within_48h IS 'fulfilled_within_48h / orders.';
