/** Who is calling the agents API. */
export interface Principal {
  userId: string;
  /** The acting account: idempotency, rate limits and every object check are scoped to it. */
  accountId: string;
  tokenId: string;
  /** `["*"]` for a token created without scopes. */
  scopes: string[];
}

export function hasScope(principal: Principal, scope: string): boolean {
  return principal.scopes.includes("*") || principal.scopes.includes(scope);
}
