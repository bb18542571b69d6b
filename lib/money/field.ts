/**
 * The zod field of a USD amount in a request body: the money domain's one use of zod, kept out of
 * lib/money.ts because the dashboard's browser code imports that file.
 */
import { z } from "zod";
import { dollarsToMinor, usdToMinor } from "@/lib/money";

/**
 * A zod field for a USD amount between min and max dollars, output in cents. Strings are refused
 * (`"100"`): the contract's amounts are JSON numbers.
 */
export function usdAmount(minUsd: number | (() => number), maxUsd: number | (() => number)) {
  // Bounds may come from configuration, read at parse time rather than when routes are imported.
  const bound = (b: number | (() => number)) => (typeof b === "function" ? b() : b);
  return z.number({ error: "must be a number of US dollars, e.g. 25 or 25.50" }).transform((value, ctx) => {
    const minor = usdToMinor(value);
    if (minor === null) {
      ctx.addIssue({ code: "custom", message: "must be a positive amount with at most 2 decimal places" });
      return z.NEVER;
    }
    const min = bound(minUsd);
    const max = bound(maxUsd);
    if (minor < dollarsToMinor(min)) {
      ctx.addIssue({ code: "custom", message: `must be at least $${min}` });
      return z.NEVER;
    }
    if (minor > dollarsToMinor(max)) {
      ctx.addIssue({ code: "custom", message: `must be at most $${max}` });
      return z.NEVER;
    }
    return minor;
  });
}
