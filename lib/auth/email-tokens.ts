import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { emailTokens } from "@/lib/db/schema";
import { sha256Hex } from "@/lib/secrets/bearer-secrets";

/**
 * Stores a new verification code or reset token for the user and deletes their older unused ones
 * of the same purpose, so only the newest works. Used ones stay, so a reused code can be told
 * apart from a wrong one.
 */
export async function replaceEmailToken(
  db: DbOrTx,
  input: { userId: string; purpose: "verify" | "reset"; secret: string; ttlMs: number; now?: Date },
): Promise<void> {
  const now = input.now ?? new Date();
  await db
    .delete(emailTokens)
    .where(
      and(
        eq(emailTokens.userId, input.userId),
        eq(emailTokens.purpose, input.purpose),
        isNull(emailTokens.usedAt),
      ),
    );
  await db.insert(emailTokens).values({
    userId: input.userId,
    purpose: input.purpose,
    tokenHash: sha256Hex(input.secret),
    expiresAt: new Date(now.getTime() + input.ttlMs),
  });
}
