ALTER TYPE "public"."entity_kind" ADD VALUE 'discount';--> statement-breakpoint
CREATE TABLE "dim_discount" (
	"shop_id" integer NOT NULL,
	"discount_id" bigint NOT NULL,
	"method" text NOT NULL,
	"title" text,
	"status" text,
	"discount_type" text,
	"summary" text,
	"starts_at" timestamp with time zone,
	"ends_at" timestamp with time zone,
	"usage_count" integer,
	"codes_count" integer,
	"created_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	"deleted_at" timestamp with time zone,
	"raw_key" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dim_discount_shop_id_discount_id_pk" PRIMARY KEY("shop_id","discount_id")
);
--> statement-breakpoint
CREATE TABLE "dim_discount_code" (
	"shop_id" integer NOT NULL,
	"discount_code_id" bigint NOT NULL,
	"discount_id" bigint NOT NULL,
	"code" text NOT NULL,
	"usage_count" integer,
	"observed_at" timestamp with time zone NOT NULL,
	"raw_key" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dim_discount_code_shop_id_discount_code_id_pk" PRIMARY KEY("shop_id","discount_code_id")
);
--> statement-breakpoint
CREATE TABLE "fact_return" (
	"shop_id" integer NOT NULL,
	"return_id" bigint NOT NULL,
	"order_id" bigint NOT NULL,
	"name" text,
	"status" text NOT NULL,
	"total_quantity" integer,
	"created_at" timestamp with time zone,
	"request_approved_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"decline_reason" text,
	"observed_at" timestamp with time zone NOT NULL,
	"raw_key" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fact_return_shop_id_return_id_pk" PRIMARY KEY("shop_id","return_id")
);
--> statement-breakpoint
CREATE TABLE "fact_return_event" (
	"shop_id" integer NOT NULL,
	"return_id" bigint NOT NULL,
	"topic" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"order_id" bigint NOT NULL,
	"status" text NOT NULL,
	"raw_key" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fact_return_event_shop_id_return_id_topic_occurred_at_pk" PRIMARY KEY("shop_id","return_id","topic","occurred_at")
);
--> statement-breakpoint
CREATE TABLE "fact_return_line" (
	"shop_id" integer NOT NULL,
	"return_line_item_id" bigint NOT NULL,
	"return_id" bigint NOT NULL,
	"order_id" bigint NOT NULL,
	"line_item_id" bigint,
	"quantity" integer NOT NULL,
	"return_reason" text,
	"observed_at" timestamp with time zone NOT NULL,
	"raw_key" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fact_return_line_shop_id_return_line_item_id_pk" PRIMARY KEY("shop_id","return_line_item_id")
);
--> statement-breakpoint
ALTER TABLE "dim_discount" ADD CONSTRAINT "dim_discount_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dim_discount_code" ADD CONSTRAINT "dim_discount_code_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_return" ADD CONSTRAINT "fact_return_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_return_event" ADD CONSTRAINT "fact_return_event_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_return_line" ADD CONSTRAINT "fact_return_line_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dim_discount_code_discount" ON "dim_discount_code" USING btree ("shop_id","discount_id");--> statement-breakpoint
CREATE INDEX "dim_discount_code_code" ON "dim_discount_code" USING btree ("shop_id","code");--> statement-breakpoint
CREATE INDEX "fact_return_order" ON "fact_return" USING btree ("shop_id","order_id");--> statement-breakpoint
CREATE INDEX "fact_return_line_return" ON "fact_return_line" USING btree ("shop_id","return_id");