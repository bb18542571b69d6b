import { recordAudit } from "@/lib/audit/audit-log";
import type { DbOrTx } from "@/lib/db/client";
import { accessTokens } from "@/lib/db/schema";
import { sha256Hex } from "@/lib/secrets/bearer-secrets";
import { formatAccessToken, mintAccessTokenSecret } from "./access-token-format";
import { expiresAtFor, type TokenExpiry } from "./token-expiry";

export interface IssueAccessTokenInput {
  userId: string;
  accountId: string;
  name: string;
  expiry: TokenExpiry;
  scopes: readonly string[];
  now?: Date;
  /** Replaces the expiry computed from `expiry` (a refresh keeps its predecessor's; null: never). */
  expiresAt?: Date | null;
}

export interface IssuedAccessToken {
  id: number;
  /** `{id}|{secret}`: returned once, never stored. */
  plaintext: string;
  name: string;
  expiry: TokenExpiry;
  expiresAt: Date | null;
  scopes: string[];
}

/** Inserts a token row (in the caller's transaction, if any) and returns the only copy of its secret. */
export async function issueAccessToken(db: DbOrTx, input: IssueAccessTokenInput): Promise<IssuedAccessToken> {
  const secret = mintAccessTokenSecret();
  const expiresAt =
    input.expiresAt !== undefined ? input.expiresAt : expiresAtFor(input.expiry, input.now ?? new Date());
  const scopes = [...new Set(input.scopes)];
  const [row] = await db
    .insert(accessTokens)
    .values({
      userId: input.userId,
      accountId: input.accountId,
      name: input.name,
      tokenHash: sha256Hex(secret),
      scopes,
      expiry: input.expiry,
      expiresAt,
    })
    .returning({ id: accessTokens.id });
  if (!row) throw new Error("access token insert returned no row");
  await recordAudit(db, {
    accountId: input.accountId,
    action: "token.created",
    targetType: "access_token",
    targetId: String(row.id),
    data: { name: input.name, user_id: input.userId, expiry: input.expiry, scopes },
    onBehalfOf: { userId: input.userId, label: input.name },
  });
  return {
    id: row.id,
    plaintext: formatAccessToken(row.id, secret),
    name: input.name,
    expiry: input.expiry,
    expiresAt,
    scopes,
  };
}
