import { AppError } from "@/lib/errors";

/** Who is calling the agents API. */
export interface Principal {
  userId: string;
  /** The acting account: idempotency, rate limits and every object check are scoped to it. */
  accountId: string;
  tokenId: string;
  /** The token's name (the agent's device name), for the audit trail. */
  tokenName: string;
  /** `["*"]` for a token created without scopes. */
  scopes: string[];
  /** The caller's role in the acting account (its membership). */
  role: MemberRole;
}

export type MemberRole = "owner" | "admin" | "member" | "viewer";

export function hasScope(principal: Principal, scope: string): boolean {
  return principal.scopes.includes("*") || principal.scopes.includes(scope);
}

/** 403 insufficient_scope, naming the scope needed and the ones the token holds (RFC 6750 §3.1). */
export function insufficientScope(principal: Principal, scope: string): AppError {
  return new AppError("insufficient_scope", `This token lacks the "${scope}" scope.`, {
    details: { required_scope: scope, granted_scopes: principal.scopes },
    headers: {
      "WWW-Authenticate": `Bearer realm="onramp", error="insufficient_scope", scope="${scope}"`,
    },
  });
}
