-- The calendar dimension: one row per day, 2000 to 2050. Facts carry the matching date_key
-- (yyyymmdd, in the shop's own calendar) so BI tools can join on it.
INSERT INTO "dim_date" ("date_key", "date", "year", "quarter", "month", "month_name", "day", "day_of_week", "day_name", "iso_week", "is_weekend")
SELECT
	to_char(d, 'YYYYMMDD')::integer,
	d::date,
	extract(year FROM d)::smallint,
	extract(quarter FROM d)::smallint,
	extract(month FROM d)::smallint,
	trim(to_char(d, 'Month')),
	extract(day FROM d)::smallint,
	extract(isodow FROM d)::smallint,
	trim(to_char(d, 'Day')),
	extract(week FROM d)::smallint,
	extract(isodow FROM d) IN (6, 7)
FROM generate_series('2000-01-01'::timestamp, '2050-12-31'::timestamp, interval '1 day') AS d
ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- A read-only role for BI tools (Metabase, Looker Studio, ...). It cannot log in by itself: create
-- a login that is a member, e.g. CREATE ROLE metabase LOGIN PASSWORD '...' IN ROLE wharf_bi;
DO $$
BEGIN
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'wharf_bi') THEN
		CREATE ROLE wharf_bi NOLOGIN;
	END IF;
END
$$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO wharf_bi;
--> statement-breakpoint
GRANT SELECT ON ALL TABLES IN SCHEMA public TO wharf_bi;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO wharf_bi;
