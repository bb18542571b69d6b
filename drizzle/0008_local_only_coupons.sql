ALTER TABLE "coupon" ADD COLUMN "disabled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "coupon" ADD COLUMN "seeded" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- 0002 inserted three demo coupons into every deployment: free money. They are local-mode data
-- (the server re-creates them at start in local mode, lib/db/demo-coupons.ts). Everywhere else
-- they go: deleted when no account ever used them, deactivated when one did, so the redemptions
-- and their ledger entries keep the coupon they name.
UPDATE "coupon" SET "seeded" = true WHERE "code" IN ('WELCOME5', 'BONUS20', 'LAUNCH100');--> statement-breakpoint
DELETE FROM "coupon" c
  WHERE c."seeded" AND NOT EXISTS (SELECT 1 FROM "coupon_redemption" r WHERE r."coupon_code" = c."code");--> statement-breakpoint
UPDATE "coupon" SET "disabled_at" = now() WHERE "seeded" AND "disabled_at" IS NULL;
