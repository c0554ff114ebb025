ALTER TABLE "fact_order" ADD COLUMN "total_duties" numeric;--> statement-breakpoint
ALTER TABLE "fact_order" ADD COLUMN "total_additional_fees" numeric;--> statement-breakpoint
ALTER TABLE "fact_order_line" ADD COLUMN "gift_card" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "fact_refund" ADD COLUMN "shipping_refunded" numeric;--> statement-breakpoint
ALTER TABLE "fact_refund" ADD COLUMN "shipping_tax_refunded" numeric;--> statement-breakpoint
ALTER TABLE "fact_refund" ADD COLUMN "duties_refunded" numeric;--> statement-breakpoint
ALTER TABLE "fact_refund" ADD COLUMN "additional_fees_refunded" numeric;