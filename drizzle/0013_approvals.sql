CREATE TABLE "approval_policy" (
	"account_id" uuid PRIMARY KEY NOT NULL,
	"subscriptions" boolean NOT NULL,
	"funds" boolean NOT NULL,
	"fund_threshold_minor" bigint NOT NULL,
	"api_keys" boolean NOT NULL,
	"updated_by_user_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "approval_request" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"requester_user_id" uuid NOT NULL,
	"requester_label" text,
	"kind" text NOT NULL,
	"payload" jsonb NOT NULL,
	"amount_minor" bigint,
	"summary" text NOT NULL,
	"idempotency_key" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"decided_by_user_id" uuid,
	"decided_at" timestamp with time zone,
	"reason" text,
	"result" jsonb,
	"execution_locked_until" timestamp with time zone,
	"executed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "approval_policy" ADD CONSTRAINT "approval_policy_account_id_account_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."account"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_policy" ADD CONSTRAINT "approval_policy_updated_by_user_id_app_user_id_fk" FOREIGN KEY ("updated_by_user_id") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_request" ADD CONSTRAINT "approval_request_account_id_account_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."account"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_request" ADD CONSTRAINT "approval_request_requester_user_id_app_user_id_fk" FOREIGN KEY ("requester_user_id") REFERENCES "public"."app_user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_request" ADD CONSTRAINT "approval_request_decided_by_user_id_app_user_id_fk" FOREIGN KEY ("decided_by_user_id") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "approval_request_account_created_idx" ON "approval_request" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE INDEX "approval_request_status_expires_idx" ON "approval_request" USING btree ("status","expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "approval_request_account_key_uq" ON "approval_request" USING btree ("account_id","requester_user_id","idempotency_key") WHERE "approval_request"."idempotency_key" is not null;