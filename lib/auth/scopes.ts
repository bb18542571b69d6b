/** The token scopes of the contract (reference §2.5). A token issued without scopes holds `*`. */
export const SCOPES = {
  "*": "Full access (the default when no scopes are requested).",
  "profile:read": "Read the profile, preferences and wallet summary (GET /me).",
  "profile:write": "Update the profile, password, preferences and social links.",
  "tokens:read": "List access tokens.",
  "tokens:write": "Revoke tokens, log out everywhere and switch account.",
  "api-keys:read": "List and read API keys (masked).",
  "api-keys:write": "Create, update and delete API keys.",
  "usage:read": "Read usage summaries and history.",
  "models:read": "Search and read models.",
  "files:write": "Upload files and base64 payloads.",
  "billing:read": "Read billing: Stripe publishable key, payment methods, invoices.",
  "billing:write": "Payment links, payment methods and billing info.",
  "wallet:read": "Read the wallet balance, coupons and payment status.",
  "wallet:write": "Fund, withdraw, redeem coupons and configure auto-funding.",
  "subscriptions:read": "Read plans and subscriptions.",
  "subscriptions:write": "Buy, change, pause, resume and repair subscriptions.",
  "teams:read": "Read team members and invitations.",
  "teams:write": "Invite, update and remove team members.",
  "audit:read": "Read the account's audit log (owners and admins).",
} as const;

export type Scope = keyof typeof SCOPES;

export const SCOPE_NAMES = Object.keys(SCOPES) as Scope[];

export const FULL_ACCESS: Scope[] = ["*"];

export function isScope(value: string): value is Scope {
  return Object.hasOwn(SCOPES, value);
}
