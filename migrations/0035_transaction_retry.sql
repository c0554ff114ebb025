CREATE TABLE "transaction_retry" (
	"minute" timestamp with time zone NOT NULL,
	"work" text NOT NULL,
	"sqlstate" text NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "transaction_retry_minute_work_sqlstate_pk" PRIMARY KEY("minute","work","sqlstate")
);
