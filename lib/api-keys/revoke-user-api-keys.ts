import { and, eq, isNull, or, sql } from "drizzle-orm";
import { forgetApiKeys } from "@/lib/auth/token-cache";
import type { DbOrTx } from "@/lib/db/client";
import { apiKeys } from "@/lib/db/schema";
import { auditApiKey } from "./create-api-key";

/**
 * Deletes (soft, as deleteApiKey does) every live key of the user's personal account and every key
 * the user made in a team account: all that someone who held the account could have minted. Keys
 * teammates made in a team account are theirs and stay. The next full-access login mints a new
 * default key. Returns the count.
 */
export async function revokeUserApiKeys(
  db: DbOrTx,
  input: { userId: string; personalAccountId: string },
): Promise<number> {
  const revoked = await db
    .update(apiKeys)
    .set({ deletedAt: sql`now()`, updatedAt: sql`now()` })
    .where(
      and(
        isNull(apiKeys.deletedAt),
        or(eq(apiKeys.userId, input.userId), eq(apiKeys.accountId, input.personalAccountId)),
      ),
    )
    .returning({ id: apiKeys.id, accountId: apiKeys.accountId, name: apiKeys.name, last4: apiKeys.last4 });
  if (revoked.length > 0) await forgetApiKeys();
  for (const key of revoked) {
    await auditApiKey(
      db,
      key.accountId,
      key.id,
      "api_key.deleted",
      { name: key.name, last4: key.last4, reason: "password_reset" },
      input.userId,
    );
  }
  return revoked.length;
}
