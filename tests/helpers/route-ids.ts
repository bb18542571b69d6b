/**
 * How to fill the dynamic segments of every /api/agents/v1 route: with a real object of an account
 * (`own`), or with an id that names nothing (`unknown`). The property tests refuse to run while a
 * dynamic route on disk has no entry here, so a new route cannot slip past the fuzz and IDOR tests.
 */
import fc from "fast-check";
import type { AccountObjects } from "./account-objects";

export type SegmentValues = Record<string, string | string[]>;

export interface IdSpec {
  /** `account`: ids of one account's objects, which another account must get 404 for. */
  owner: "account" | "catalogue" | "none";
  own?: (objects: AccountObjects) => SegmentValues;
  /** Well-formed or not, ids that exist nowhere: every one answers 404. */
  unknown: fc.Arbitrary<SegmentValues>;
}

const alnum = fc.stringMatching(/^[A-Za-z0-9]{1,40}$/);
const prefixed = (prefix: string) => alnum.map((s) => `${prefix}${s}`);

/** Junk any caller can put in a path segment: odd characters, huge numbers, other kinds' prefixes. */
export const junkId: fc.Arbitrary<string> = fc.oneof(
  fc.string({ minLength: 1, maxLength: 60 }),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 20 }),
  fc.string({ unit: "binary", minLength: 1, maxLength: 20 }),
  fc.constantFrom(
    "0",
    "-1",
    "1.5",
    "1e3",
    "99999999999999999999",
    "9007199254740993",
    "NaN",
    "..",
    "%",
    "%00",
    "\u0000",
    " ",
    "null",
    "undefined",
    "[object Object]",
    "' or 1=1 --",
  ),
  fc.bigInt({ min: 10n ** 6n, max: 10n ** 30n }).map(String),
  fc.uuid(),
  ...["pi_", "pm_", "cs_test_", "in_", "rcpt_", "sub_", "cus_"].map(prefixed),
  fc.string({ minLength: 500, maxLength: 3000 }),
);

const integerId = fc.oneof(fc.integer({ min: 1_000_000, max: 2 ** 40 }).map(String), junkId);
const one = (name: string, ids: fc.Arbitrary<string>) => ids.map((id): SegmentValues => ({ [name]: id }));

const subscription: IdSpec = {
  owner: "account",
  own: (o) => ({ id: o.subscriptionId }),
  unknown: one("id", integerId),
};
const invoice: IdSpec = {
  owner: "account",
  own: (o) => ({ id: o.invoiceId }),
  unknown: one("id", fc.oneof(prefixed("in_"), prefixed("rcpt_"), junkId)),
};
const receipt: IdSpec = { ...invoice, own: (o) => ({ id: o.receiptId }) };
const card: IdSpec = {
  owner: "account",
  own: (o) => ({ id: o.paymentMethodId }),
  unknown: one("id", fc.oneof(prefixed("pm_"), junkId)),
};

const teamMember: IdSpec = {
  owner: "account",
  own: (o) => ({ id: o.teamMemberId }),
  unknown: one("id", integerId),
};

const approval: IdSpec = {
  owner: "account",
  own: (o) => ({ id: o.approvalId }),
  unknown: one("id", fc.oneof(fc.uuid(), junkId)),
};

/** Keyed by the route's pattern below /api/agents/v1. */
export const ROUTE_IDS: Record<string, IdSpec[]> = {
  "/[[...path]]": [
    {
      owner: "none",
      unknown: fc
        .array(fc.oneof(fc.stringMatching(/^[a-z-]{1,12}$/), junkId), { minLength: 1, maxLength: 5 })
        .map((path): SegmentValues => ({ path })),
    },
  ],
  "/approvals/[id]": [approval],
  "/approvals/[id]/approve": [approval],
  "/approvals/[id]/reject": [approval],
  "/api-keys/[id]": [{ owner: "account", own: (o) => ({ id: o.apiKeyId }), unknown: one("id", integerId) }],
  "/auth/tokens/[id]": [
    { owner: "account", own: (o) => ({ id: o.spareTokenId }), unknown: one("id", integerId) },
  ],
  "/billing/invoices/[id]": [invoice, receipt],
  "/billing/invoices/[id]/pdf": [invoice, receipt],
  "/billing/payment-link/[sessionId]": [
    {
      owner: "account",
      own: (o) => ({ sessionId: o.checkoutSessionId }),
      unknown: one("sessionId", fc.oneof(prefixed("cs_test_"), junkId)),
    },
  ],
  "/billing/payment-methods/[id]": [card],
  "/billing/payment-methods/[id]/default": [card],
  "/models/[modelId]": [
    {
      owner: "catalogue",
      own: (o) => ({ modelId: o.modelId }),
      unknown: one(
        "modelId",
        fc.oneof(
          fc.stringMatching(/^[a-z0-9-]{1,30}$/).map((s) => `no-such-${s}`),
          junkId,
        ),
      ),
    },
  ],
  "/payments/[id]/status": [
    {
      owner: "account",
      own: (o) => ({ id: o.paymentIntentId }),
      unknown: one("id", fc.oneof(prefixed("pi_"), junkId)),
    },
  ],
  "/subscriptions/[id]": [subscription],
  "/teams/[id]": [teamMember],
  "/teams/[id]/resend-invite": [teamMember],
  "/teams/invitations/[id]/accept": [
    {
      owner: "account",
      own: (o) => ({ id: o.inviteId }),
      unknown: one("id", fc.oneof(fc.uuid(), junkId)),
    },
  ],
  "/subscriptions/[id]/cancel": [subscription],
  "/subscriptions/[id]/fix-payment": [subscription],
  "/subscriptions/[id]/pause": [subscription],
  "/subscriptions/[id]/reset-cycle": [subscription],
  "/subscriptions/[id]/resume": [subscription],
  "/subscriptions/[id]/status": [subscription],
};

/**
 * Valid bodies for the methods on id routes whose schema refuses `{}`: an object-access check
 * must be refused for the object, not for the payload. Keyed by `METHOD /pattern`.
 */
export const VALID_BODIES: Record<string, (objects: AccountObjects) => unknown> = {
  "PUT /api-keys/[id]": () => ({ name: "renamed" }),
  "PATCH /api-keys/[id]": () => ({ name: "renamed" }),
  "PUT /subscriptions/[id]": () => ({ new_plan_id: 11 }),
  "PUT /teams/[id]": () => ({ role: "viewer" }),
  "POST /approvals/[id]/reject": () => ({ reason: "not needed" }),
};
