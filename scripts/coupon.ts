// `npm run coupon -- <command>`: operators' coupons, against this instance's database.
//
//   create CODE --credit 5 [--max-redemptions 100] [--expires 2026-12-31] [--description TEXT]
//   create CODE --bonus-percent 20 [--min-purchase 25] [--max-redemptions N] [--expires DATE] [--description TEXT]
//   list
//   disable CODE        (redeem and validate refuse it; past redemptions keep it)
//   enable CODE
//
// Prints JSON. With the embedded PGlite database the running server owns the data folder (one
// process per folder), so this refuses while `npm start` runs: stop the server, or use PostgreSQL
// (DATABASE_URL), where it works alongside running instances.
import { parseArgs } from "node:util";
import { closeDb, getDb } from "../lib/db/client.ts";
import { DataDirLockedError } from "../lib/db/lock.ts";
import { EnvError, env } from "../lib/env.ts";
import { isAppError } from "../lib/errors.ts";
import { minorToUsd } from "../lib/money.ts";
import { createCoupon, isCouponActive, listCoupons, setCouponActive } from "../lib/wallet/coupon-admin.ts";
import type { Coupon } from "../lib/wallet/coupons.ts";

const USAGE = `Usage: npm run coupon -- <command>
  create CODE --credit USD [--max-redemptions N] [--expires DATE] [--description TEXT]
  create CODE --bonus-percent P [--min-purchase USD] [--max-redemptions N] [--expires DATE] [--description TEXT]
  list
  disable CODE
  enable CODE`;

function usage(message?: string): never {
  if (message) console.error(message);
  console.error(USAGE);
  process.exit(2);
}

const { positionals, values } = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        credit: { type: "string" },
        "bonus-percent": { type: "string" },
        "min-purchase": { type: "string" },
        "max-redemptions": { type: "string" },
        expires: { type: "string" },
        description: { type: "string" },
      },
    });
  } catch (error) {
    return usage((error as Error).message);
  }
})();

const [command, code, ...extra] = positionals;
if (extra.length) usage(`Unexpected argument: ${extra[0]}`);
const number = (v: string | undefined) => (v === undefined ? undefined : Number(v));

/** What the command prints for a coupon: the API's field names, amounts in USD. */
function present(c: Coupon) {
  return {
    code: c.code,
    type: c.kind,
    credit_amount: c.amountMinor === null ? null : minorToUsd(c.amountMinor),
    bonus_percent: c.bonusPercent,
    minimum_purchase: c.minPurchaseMinor === null ? null : minorToUsd(c.minPurchaseMinor),
    max_redemptions: c.maxRedemptions,
    redemptions: c.redemptionCount,
    expires_at: c.expiresAt?.toISOString() ?? null,
    active: isCouponActive(c),
    disabled_at: c.disabledAt?.toISOString() ?? null,
    demo: c.seeded,
    description: c.description,
  };
}

async function run(): Promise<unknown> {
  switch (command) {
    case "create": {
      if (!code) usage("create needs a CODE");
      if ((values.credit === undefined) === (values["bonus-percent"] === undefined))
        usage("create needs exactly one of --credit or --bonus-percent");
      const common = {
        code,
        description: values.description,
        max_redemptions: values["max-redemptions"],
        expires_at: values.expires,
      };
      return present(
        await createCoupon(
          await getDb(),
          values.credit !== undefined
            ? { kind: "credit", credit: number(values.credit) as number, ...common }
            : {
                kind: "bonus",
                bonus_percent: values["bonus-percent"],
                min_purchase: number(values["min-purchase"]),
                ...common,
              },
        ),
      );
    }
    case "list":
      if (code) usage(`Unexpected argument: ${code}`);
      return (await listCoupons(await getDb())).map(present);
    case "disable":
    case "enable":
      if (!code) usage(`${command} needs a CODE`);
      return present(
        await setCouponActive(await getDb(), {
          code,
          active: command === "enable",
          localMode: env().localMode,
        }),
      );
    default:
      return usage(command ? `Unknown command: ${command}` : undefined);
  }
}

// A function, not top-level await: tsx loads this file as CommonJS.
async function main(): Promise<void> {
  try {
    console.log(JSON.stringify(await run(), null, 2));
    await closeDb();
    process.exit(0);
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      console.error(
        `${error.message}\nCoupons are written to the database directly: stop the server (Ctrl-C on npm start), ` +
          "run this command, then start it again. With PostgreSQL (DATABASE_URL) there is no need to stop it.",
      );
    } else if (isAppError(error)) {
      const details = error.details ? `\n${JSON.stringify(error.details, null, 2)}` : "";
      console.error(`${error.code}: ${error.message}${details}`);
    } else if (error instanceof EnvError) {
      console.error(error.message);
    } else {
      console.error(error);
    }
    await closeDb().catch(() => {});
    process.exit(1);
  }
}

void main();
