CREATE TABLE "clawback" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"account_id" uuid NOT NULL,
	"charge_id" text NOT NULL,
	"payment_intent_id" text,
	"amount_minor" bigint NOT NULL,
	"bonus_minor" bigint DEFAULT 0 NOT NULL,
	"state" text NOT NULL,
	"stripe_status" text NOT NULL,
	"target_minor" bigint DEFAULT 0 NOT NULL,
	"taken_minor" bigint DEFAULT 0 NOT NULL,
	"moves" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "clawback_amounts_valid" CHECK ("clawback"."amount_minor" > 0 and "clawback"."taken_minor" >= 0 and "clawback"."target_minor" >= 0)
);
--> statement-breakpoint
ALTER TABLE "wallet" ADD COLUMN "auto_funding_failed_episode" text;--> statement-breakpoint
ALTER TABLE "wallet" ADD COLUMN "spending_suspended_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "wallet" ADD COLUMN "spending_suspended_reason" text;--> statement-breakpoint
ALTER TABLE "clawback" ADD CONSTRAINT "clawback_account_id_account_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "clawback_account_idx" ON "clawback" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE INDEX "clawback_payment_intent_idx" ON "clawback" USING btree ("payment_intent_id");