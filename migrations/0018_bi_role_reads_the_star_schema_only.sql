-- The BI role reads the star schema and the reporting views, and nothing else: not the ledger,
-- quarantine, uploads, resync staging (raw export lines, emails in plain text), keys or sealed
-- tokens. Tables are granted one by one, so a table added later is private until granted.
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM wharf_bi;
--> statement-breakpoint
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM wharf_bi;
--> statement-breakpoint
GRANT SELECT ON
	dim_shop, dim_date, dim_customer, dim_product, product_metafield, dim_variant, dim_collection, collection_product, dim_location,
	dim_inventory_item, dim_inventory_item_cost_history, dim_channel, dim_discount, dim_discount_code,
	fact_order, fact_order_line, fact_order_discount, fact_discount_allocation, fact_shipping_line, fact_order_transaction, fact_order_edit,
	fact_refund, fact_refund_line, fact_fulfillment, fact_fulfillment_order, fact_fulfillment_order_line, fact_fulfillment_order_event,
	fact_draft_order, fact_draft_order_line, fact_checkout, fact_return, fact_return_line, fact_return_event,
	fact_inventory_level, fact_inventory_level_history, fact_sales_line,
	metrics_daily
TO wharf_bi;
