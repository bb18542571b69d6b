ALTER TABLE "stripe_event" ADD COLUMN "claimed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "wallet" ADD COLUMN "credit_count" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "wallet" ADD COLUMN "debit_count" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "stripe_event_unprocessed_idx" ON "stripe_event" USING btree ("received_at") WHERE processed_at is null;--> statement-breakpoint
-- Existing wallets start from what their ledger holds.
UPDATE "wallet" SET
  "credit_count" = (SELECT count(*) FROM "ledger_entry" e WHERE e."wallet_id" = "wallet"."id" AND e."amount_minor" > 0),
  "debit_count" = (SELECT count(*) FROM "ledger_entry" e WHERE e."wallet_id" = "wallet"."id" AND e."amount_minor" < 0);
