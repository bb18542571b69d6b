import { and, gt, isNull, or, type SQL, sql } from "drizzle-orm";
import { accessTokens } from "@/lib/db/schema";

/** A token that still authenticates: not revoked and not past its expiry. */
export function isActiveToken(): SQL {
  return and(
    isNull(accessTokens.revokedAt),
    or(isNull(accessTokens.expiresAt), gt(accessTokens.expiresAt, sql`now()`)),
  ) as SQL;
}
