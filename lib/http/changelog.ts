/**
 * GET /api/agents/v1/changelog: what changed in the agents API, newest first, in the shape the
 * official CLI reads (`data: [{date, title, description}]`). Kept by hand beside the code: an entry
 * is written in the same change as what it announces.
 */
import { z } from "zod";

export const changelogEntry = z.object({
  date: z.iso.date(),
  title: z.string(),
  description: z.string(),
});

export type ChangelogEntry = z.infer<typeof changelogEntry>;

export const DEPRECATION_POLICY =
  "Additive changes (new fields, routes, aliases) ship without notice. A field or route is removed only after it has been announced here as deprecated for at least 90 days; documented names keep working beside any alias.";

export const CHANGELOG: ChangelogEntry[] = [
  {
    date: "2026-12-03",
    title: "OpenAPI document, API reference and client aliases",
    description:
      "GET /openapi.json serves the OpenAPI 3.1 document generated from the routes (x-required-scope, x-required-permission, x-rate-limit-group, x-idempotent); /docs/api renders it. Fields the official CLI sends are accepted beside the documented ones (about, nsfw_enabled, notifications_enabled, code, per_page/page, expiry 6_months and 1_year); subscriptions carry plan_name, amount and next_billing_date; the billing overview active_subscription, total_deposits and total_charges. A login with device_name returns that device's own API key. Every error carries details ({} when empty).",
  },
  {
    date: "2026-12-03",
    title: "Roles and permissions",
    description:
      "Each route may require a role permission in the acting account; a caller without it gets 403 forbidden. Personal accounts have one member, the owner, so nothing changes for them.",
  },
  {
    date: "2026-12-02",
    title: "Money in cents inside, USD on the wire",
    description:
      "Every amount is an integer number of cents in the ledger and a USD decimal with at most two places in answers; insufficient_balance details carry balance and required in USD.",
  },
];
