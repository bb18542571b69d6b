ALTER TABLE "wallet" ADD COLUMN "credit_count" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "wallet" ADD COLUMN "debit_count" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Existing wallets start from what their ledger holds.
UPDATE "wallet" SET
  "credit_count" = (SELECT count(*) FROM "ledger_entry" e WHERE e."wallet_id" = "wallet"."id" AND e."amount_minor" > 0),
  "debit_count" = (SELECT count(*) FROM "ledger_entry" e WHERE e."wallet_id" = "wallet"."id" AND e."amount_minor" < 0);
