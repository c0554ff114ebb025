ALTER TYPE "public"."pipeline_stage" ADD VALUE 'export';--> statement-breakpoint
CREATE TABLE "export_cursor" (
	"shop_id" integer NOT NULL,
	"table_name" text NOT NULL,
	"loaded_at" timestamp with time zone NOT NULL,
	"next_part" integer NOT NULL,
	"run_id" text NOT NULL,
	CONSTRAINT "export_cursor_shop_id_table_name_pk" PRIMARY KEY("shop_id","table_name")
);
--> statement-breakpoint
CREATE TABLE "export_file" (
	"run_id" text NOT NULL,
	"table_name" text NOT NULL,
	"part" integer NOT NULL,
	"staged_key" text NOT NULL,
	"key" text NOT NULL,
	"rows" bigint NOT NULL,
	"row_groups" integer NOT NULL,
	"bytes" bigint NOT NULL,
	"sha256" text NOT NULL,
	"published" boolean DEFAULT false NOT NULL,
	CONSTRAINT "export_file_run_id_table_name_part_pk" PRIMARY KEY("run_id","table_name","part")
);
--> statement-breakpoint
CREATE TABLE "export_run" (
	"id" text PRIMARY KEY NOT NULL,
	"shop_id" integer NOT NULL,
	"full" boolean NOT NULL,
	"status" text NOT NULL,
	"requested_by" text NOT NULL,
	"watermark" timestamp with time zone NOT NULL,
	"partition_date" date NOT NULL,
	"manifest_key" text,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"moved_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "export_run_table" (
	"run_id" text NOT NULL,
	"table_name" text NOT NULL,
	"position" integer NOT NULL,
	"mode" text NOT NULL,
	"from_loaded_at" timestamp with time zone,
	"first_part" integer NOT NULL,
	"parts" integer DEFAULT 0 NOT NULL,
	"rows" bigint DEFAULT 0 NOT NULL,
	"after_key" text[],
	"done" boolean DEFAULT false NOT NULL,
	CONSTRAINT "export_run_table_run_id_table_name_pk" PRIMARY KEY("run_id","table_name")
);
--> statement-breakpoint
ALTER TABLE "export_cursor" ADD CONSTRAINT "export_cursor_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "export_cursor" ADD CONSTRAINT "export_cursor_run_id_export_run_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."export_run"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "export_file" ADD CONSTRAINT "export_file_run_id_export_run_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."export_run"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "export_run" ADD CONSTRAINT "export_run_shop_id_dim_shop_shop_id_fk" FOREIGN KEY ("shop_id") REFERENCES "public"."dim_shop"("shop_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "export_run_table" ADD CONSTRAINT "export_run_table_run_id_export_run_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."export_run"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "export_run_one_open" ON "export_run" USING btree ("shop_id") WHERE status in ('running', 'publishing');--> statement-breakpoint
CREATE INDEX "export_run_shop" ON "export_run" USING btree ("shop_id","created_at");