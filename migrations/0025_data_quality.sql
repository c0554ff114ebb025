ALTER TYPE "public"."alert_rule" ADD VALUE 'quality_below';--> statement-breakpoint
ALTER TYPE "public"."alert_rule" ADD VALUE 'anomaly';--> statement-breakpoint
CREATE TABLE "quality_result" (
	"run_id" bigint NOT NULL,
	"shop_id" integer NOT NULL,
	"rule" text NOT NULL,
	"dimension" text NOT NULL,
	"table_name" text NOT NULL,
	"checked" bigint NOT NULL,
	"failed" bigint NOT NULL,
	"score" numeric NOT NULL,
	"samples" jsonb,
	CONSTRAINT "quality_result_run_id_rule_pk" PRIMARY KEY("run_id","rule")
);
--> statement-breakpoint
CREATE TABLE "quality_run" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "quality_run_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"shop_id" integer NOT NULL,
	"trigger" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "quality_result" ADD CONSTRAINT "quality_result_run_id_quality_run_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."quality_run"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_result" ADD CONSTRAINT "quality_result_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_run" ADD CONSTRAINT "quality_run_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "quality_run_shop" ON "quality_run" USING btree ("shop_id","started_at");