CREATE TABLE "console_session" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"key_id" bigint NOT NULL,
	"csrf_token" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "console_session" ADD CONSTRAINT "console_session_key_id_api_key_id_fk" FOREIGN KEY ("key_id") REFERENCES "public"."api_key"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "console_session_expires" ON "console_session" USING btree ("expires_at");