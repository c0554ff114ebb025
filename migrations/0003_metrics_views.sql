-- Daily sales metrics per shop, day (the shop's own calendar) and channel. Test, cancelled and
-- deleted orders are left out. Definitions:
--   orders            orders created that day
--   units             line quantities of those orders
--   gross_sales       line prices x quantities, before discounts (total_line_items_price)
--   discounts         order discounts
--   total_sales       what customers paid: after discounts, with tax and shipping (total_price)
--   refunded          refunds of those orders (successful refund transactions), whenever refunded
--   net_revenue       total_sales - refunded
--   refunded_orders   orders with at least one refund
--   new_customer_orders        orders that are their customer's first order
--   returning_customer_orders  orders by customers who had ordered before
-- AOV (total_sales / orders) and refund rate (refunded_orders / orders) are derived from these, so
-- that they stay correct when days or channels are summed.
CREATE VIEW "metrics_daily" AS
WITH counted AS (
	SELECT
		o.shop_id,
		o.created_date_key AS date_key,
		coalesce(o.source_name, 'unknown') AS channel,
		o.customer_id,
		o.created_at,
		o.total_line_items_price,
		o.total_discounts,
		o.total_price,
		(SELECT coalesce(sum(l.quantity), 0) FROM fact_order_line l WHERE l.shop_id = o.shop_id AND l.order_id = o.order_id) AS units,
		(SELECT coalesce(sum(r.refunded_amount), 0) FROM fact_refund r WHERE r.shop_id = o.shop_id AND r.order_id = o.order_id) AS refunded
	FROM fact_order o
	WHERE NOT o.test AND o.deleted_at IS NULL AND o.cancelled_at IS NULL
),
first_orders AS (
	SELECT shop_id, customer_id, min(created_at) AS first_order_at
	FROM fact_order
	WHERE customer_id IS NOT NULL AND NOT test AND deleted_at IS NULL AND cancelled_at IS NULL
	GROUP BY shop_id, customer_id
)
SELECT
	c.shop_id,
	c.date_key,
	d.date,
	c.channel,
	count(*)::integer AS orders,
	sum(c.units)::bigint AS units,
	coalesce(sum(c.total_line_items_price), 0) AS gross_sales,
	coalesce(sum(c.total_discounts), 0) AS discounts,
	sum(c.total_price) AS total_sales,
	sum(c.refunded) AS refunded,
	sum(c.total_price) - sum(c.refunded) AS net_revenue,
	(count(*) FILTER (WHERE c.refunded > 0))::integer AS refunded_orders,
	(count(*) FILTER (WHERE f.first_order_at = c.created_at))::integer AS new_customer_orders,
	(count(*) FILTER (WHERE f.first_order_at < c.created_at))::integer AS returning_customer_orders
FROM counted c
JOIN dim_date d ON d.date_key = c.date_key
LEFT JOIN first_orders f ON f.shop_id = c.shop_id AND f.customer_id = c.customer_id
GROUP BY c.shop_id, c.date_key, d.date, c.channel;
--> statement-breakpoint
GRANT SELECT ON "metrics_daily" TO wharf_bi;
--> statement-breakpoint
-- BI tools read the warehouse, not credentials.
REVOKE SELECT ON "api_key" FROM wharf_bi;
