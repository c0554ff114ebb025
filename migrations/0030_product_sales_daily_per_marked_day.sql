-- analytics.product_sales_daily computes each marked day from its own lines: without the fence
-- the planner joined the pending days to the figures of every day, computed whole.
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
		-- OFFSET 0 keeps the subquery from being flattened into a join with the whole shop's figures:
		-- as a subquery it is computed per marked day, from that day's lines.
		SELECT * FROM analytics.product_day_figures f WHERE f.shop_id = p.shop_id AND f.date = p.date OFFSET 0
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
