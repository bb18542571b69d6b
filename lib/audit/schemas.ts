/**
 * Filters of the audit log (GET /audit-events, the dashboard page and its CSV): the actor kind, an
 * action (exact, `wallet.funded`, or every action of an object, `wallet.` or `wallet.*`), and a date
 * range: `from`/`to` are days (YYYY-MM-DD, UTC, both inclusive) or exact ISO-8601 instants.
 */
import { z } from "zod";

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;
/** Lower case dotted names, as every action is (`<object>.<verb>`); a trailing `.` or `.*` is a prefix. */
const ACTION = /^[a-z][a-z_]*(\.[a-z_]+)*(\.\*?)?$/;

const moment = z
  .string()
  .trim()
  .max(40)
  .refine(
    (v) =>
      DAY.test(v) ? z.iso.date().safeParse(v).success : z.iso.datetime({ offset: true }).safeParse(v).success,
    { message: "must be a date (YYYY-MM-DD) or an ISO-8601 date-time" },
  );

export const ACTOR_KINDS = ["agent", "human", "system"] as const;
export type AuditActorKind = (typeof ACTOR_KINDS)[number];

export const auditFilterShape = {
  actor_kind: z.enum(ACTOR_KINDS).optional(),
  action: z
    .string()
    .trim()
    .max(80)
    .regex(ACTION, "must be an action name (wallet.funded) or a prefix ending in a dot (wallet.)")
    .optional(),
  from: moment.optional(),
  to: moment.optional(),
};

export interface AuditFilter {
  actorKind?: AuditActorKind | undefined;
  /** Exact action name. */
  action?: string | undefined;
  /** Every action starting with this (`wallet.`). */
  actionPrefix?: string | undefined;
  from?: Date | undefined;
  /** Exclusive upper bound. */
  before?: Date | undefined;
}

type FilterInput = {
  actor_kind?: AuditActorKind | undefined;
  action?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
};

export function toAuditFilter(v: FilterInput, ctx: z.RefinementCtx): AuditFilter {
  const from = v.from ? new Date(DAY.test(v.from) ? `${v.from}T00:00:00Z` : v.from) : undefined;
  const before = v.to
    ? DAY.test(v.to)
      ? new Date(new Date(`${v.to}T00:00:00Z`).getTime() + DAY_MS)
      : new Date(new Date(v.to).getTime() + 1)
    : undefined;
  if (from && before && from.getTime() >= before.getTime()) {
    ctx.addIssue({ code: "custom", path: ["from"], message: "must not be after to" });
  }
  const prefix = v.action?.endsWith(".*")
    ? v.action.slice(0, -1)
    : v.action?.endsWith(".")
      ? v.action
      : undefined;
  return {
    actorKind: v.actor_kind,
    action: prefix ? undefined : v.action,
    actionPrefix: prefix,
    from,
    before,
  };
}

export const auditEventsQuerySchema = z
  .object({
    ...auditFilterShape,
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().min(1).max(200).optional(),
  })
  .transform((v, ctx) => ({ ...toAuditFilter(v, ctx), limit: v.limit, cursor: v.cursor }));

export type AuditEventsQuery = z.output<typeof auditEventsQuerySchema>;
