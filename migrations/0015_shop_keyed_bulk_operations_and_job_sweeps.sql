ALTER TABLE "bulk_operation" DROP CONSTRAINT "bulk_operation_pkey";--> statement-breakpoint
ALTER TABLE "bulk_operation" ADD CONSTRAINT "bulk_operation_shop_id_admin_graphql_api_id_pk" PRIMARY KEY("shop_id","admin_graphql_api_id");--> statement-breakpoint
ALTER TABLE "upload_job" ADD COLUMN "sweeps" integer DEFAULT 0 NOT NULL;