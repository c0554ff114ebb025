CREATE INDEX "dim_variant_inventory_item" ON "dim_variant" USING btree ("shop_id","inventory_item_id");--> statement-breakpoint
-- Inventory: the 28 days' sales read through the calendar, and stockout days counted in one pass
-- over the level readings (each reading holds from its day until the day of the next one).
CREATE OR REPLACE VIEW analytics.inventory_position AS
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
-- BI tools connect with the server's settings: compiling these plans takes longer than running them.
ALTER ROLE wharf_bi SET jit = off;
