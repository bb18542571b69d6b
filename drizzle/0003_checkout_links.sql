CREATE TABLE "checkout_link" (
	"session_id" text PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"created_by_user_id" uuid,
	"purpose" text NOT NULL,
	"amount_minor" bigint,
	"plan_id" integer,
	"url" text NOT NULL,
	"cancel_token" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"fulfilled_at" timestamp with time zone,
	"fulfilled_by" text,
	"agent_waiting_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "checkout_link_cancel_token_uq" UNIQUE("cancel_token")
);
--> statement-breakpoint
ALTER TABLE "checkout_link" ADD CONSTRAINT "checkout_link_account_id_account_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "checkout_link_account_created_idx" ON "checkout_link" USING btree ("account_id","created_at");