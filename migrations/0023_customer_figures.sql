-- analytics.customers and analytics.cohorts_monthly read fact_customer_lifetime and
-- fact_customer_month, a row per customer and per customer and month kept at load
-- (src/warehouse/customer-figures.ts), instead of every order of the shop.
CREATE TABLE "fact_customer_lifetime" (
	"shop_id" integer NOT NULL,
	"customer_id" bigint NOT NULL,
	"orders" integer DEFAULT 0 NOT NULL,
	"units" bigint DEFAULT 0 NOT NULL,
	"net_revenue" numeric DEFAULT '0' NOT NULL,
	"first_order_at" timestamp with time zone,
	"last_order_at" timestamp with time zone,
	"first_order_date" date,
	"last_order_date" date,
	CONSTRAINT "fact_customer_lifetime_shop_id_customer_id_pk" PRIMARY KEY("shop_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "fact_customer_month" (
	"shop_id" integer NOT NULL,
	"customer_id" bigint NOT NULL,
	"month" date NOT NULL,
	"orders" integer NOT NULL,
	"units" bigint NOT NULL,
	"net_sales" numeric NOT NULL,
	"first_ordered_at" timestamp with time zone NOT NULL,
	"last_ordered_at" timestamp with time zone NOT NULL,
	"first_date" date NOT NULL,
	"last_date" date NOT NULL,
	CONSTRAINT "fact_customer_month_shop_id_customer_id_month_pk" PRIMARY KEY("shop_id","customer_id","month")
);
--> statement-breakpoint
ALTER TABLE "fact_customer_lifetime" ADD CONSTRAINT "fact_customer_lifetime_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_customer_month" ADD CONSTRAINT "fact_customer_month_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
-- An order's returns through a lateral join: a load recomputing a few customers reads only their
-- orders' refund lines, not every refund line of the warehouse grouped first.
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
LEFT JOIN LATERAL (
	SELECT sum(rl.returns) AS returns FROM analytics.returned_lines rl WHERE rl.shop_id = o.shop_id AND rl.order_id = o.order_id
) r ON true
WHERE o.customer_id IS NOT NULL;
--> statement-breakpoint
INSERT INTO fact_customer_month (shop_id, customer_id, month, orders, units, net_sales, first_ordered_at, last_ordered_at, first_date, last_date)
SELECT shop_id, customer_id, date_trunc('month', date)::date, count(*), sum(units), sum(net_sales), min(ordered_at), max(ordered_at), min(date), max(date)
FROM analytics.customer_orders
GROUP BY shop_id, customer_id, date_trunc('month', date);
--> statement-breakpoint
INSERT INTO fact_customer_lifetime (shop_id, customer_id, orders, units, net_revenue, first_order_at, last_order_at, first_order_date, last_order_date)
SELECT shop_id, customer_id, sum(orders), sum(units), sum(net_sales), min(first_ordered_at), max(last_ordered_at), min(first_date), max(last_date)
FROM fact_customer_month
GROUP BY shop_id, customer_id;
--> statement-breakpoint
CREATE OR REPLACE VIEW analytics.customers AS
WITH measured AS (
	SELECT
		p.shop_id,
		p.customer_id,
		p.first_order_at,
		p.last_order_at,
		p.first_order_date,
		p.last_order_date,
		p.orders,
		p.units,
		p.net_revenue,
		round(p.net_revenue / p.orders, 2) AS average_order_value,
		CASE WHEN p.orders > 1 THEN round((p.last_order_date - p.first_order_date)::numeric / (p.orders - 1), 1) END AS average_days_between_orders,
		(now() AT TIME ZONE coalesce(s.iana_timezone, 'UTC'))::date - p.last_order_date AS days_since_last_order,
		least(5, 1 + floor(5 * percent_rank() OVER (PARTITION BY p.shop_id ORDER BY p.last_order_at)))::integer AS recency_score,
		least(5, 1 + floor(5 * percent_rank() OVER (PARTITION BY p.shop_id ORDER BY p.orders)))::integer AS frequency_score,
		least(5, 1 + floor(5 * percent_rank() OVER (PARTITION BY p.shop_id ORDER BY p.net_revenue)))::integer AS monetary_score
	FROM fact_customer_lifetime p
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
CREATE OR REPLACE VIEW analytics.cohorts_monthly AS
WITH activity AS (
	SELECT
		shop_id,
		month,
		net_sales,
		min(month) OVER (PARTITION BY shop_id, customer_id) AS cohort_month
	FROM fact_customer_month
),
counted AS (
	SELECT
		shop_id,
		cohort_month,
		((extract(year FROM month) - extract(year FROM cohort_month)) * 12 + extract(month FROM month) - extract(month FROM cohort_month))::integer AS months_since_first_order,
		-- One row per customer and month: a count of rows is a count of customers.
		count(*)::integer AS customers,
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
GRANT SELECT ON fact_customer_lifetime, fact_customer_month TO wharf_bi;
