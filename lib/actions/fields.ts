/** zod fields for what dashboard forms send: text inputs arrive as strings. */
import { z } from "zod";
import { INT4_MAX } from "@/lib/auth/integer-id";
import { dollarsToMinor, usdToMinor } from "@/lib/money";

/** US dollars typed into a form ("25", "25.50", or a number) → cents, within [min, max] dollars. */
export function dollars(min: number | (() => number), max: number | (() => number)) {
  const bound = (b: number | (() => number)) => (typeof b === "function" ? b() : b);
  return z
    .union(
      [
        z.number(),
        z
          .string()
          .trim()
          .transform((s) => s.replace(/^\$/, "")),
      ],
      { error: "enter an amount in dollars" },
    )
    .transform((value, ctx) => {
      const minor = value === "" ? null : usdToMinor(value);
      if (minor === null) {
        ctx.addIssue({ code: "custom", message: "enter an amount in dollars, like 25 or 25.50" });
        return z.NEVER;
      }
      const lo = bound(min);
      const hi = bound(max);
      if (minor < dollarsToMinor(lo)) ctx.addIssue({ code: "custom", message: `must be at least $${lo}` });
      else if (minor > dollarsToMinor(hi))
        ctx.addIssue({ code: "custom", message: `must be at most $${hi}` });
      return minor;
    });
}

/** A checkbox or switch: true/false, or the strings a form posts. */
export const flag = z
  .union([z.boolean(), z.enum(["true", "false", "on", "off", "1", "0"])])
  .transform((v) => v === true || v === "true" || v === "on" || v === "1");

/** The integer ids of keys and tokens. */
export const integerId = z.coerce
  .number({ error: "is not a valid id" })
  .int({ error: "is not a valid id" })
  .positive({ error: "is not a valid id" })
  .max(Number.MAX_SAFE_INTEGER);

/** Subscription ids: a PostgreSQL `integer`, so larger numbers cannot name one. */
export const subscriptionId = integerId.max(INT4_MAX, { error: "is not a valid id" });
