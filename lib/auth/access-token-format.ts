/** Access tokens look like Sanctum's: `{id}|{secret}`, the id being the row's integer id. */
import { isWellFormedSecret, mintSecret } from "@/lib/secrets/bearer-secrets";

export const ACCESS_TOKEN_PREFIX = "onr_at_";

export function mintAccessTokenSecret(): string {
  return mintSecret(ACCESS_TOKEN_PREFIX);
}

export function formatAccessToken(id: number, secret: string): string {
  return `${id}|${secret}`;
}

/** Null for anything that is not a well-formed token, so garbage never reaches the database. */
export function parseAccessToken(token: string): { id: number; secret: string } | null {
  const bar = token.indexOf("|");
  if (bar < 1) return null;
  const idText = token.slice(0, bar);
  const secret = token.slice(bar + 1);
  if (!/^[1-9]\d{0,14}$/.test(idText)) return null;
  if (!isWellFormedSecret(secret, ACCESS_TOKEN_PREFIX)) return null;
  return { id: Number(idText), secret };
}
