import { and, eq, isNull, sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/audit-log";
import { forgetApiKeys } from "@/lib/auth/token-cache";
import type { DbOrTx } from "@/lib/db/client";
import { apiKeys } from "@/lib/db/schema";
import { newApiKey } from "./create-api-key";

/**
 * The key a password login hands to the device it names (`device_name`), so a new machine gets a
 * working API key without a browser even though the account's existing keys can never be shown
 * again (they are stored as hashes). One live key per user and device: a later login from the same
 * device replaces it, so logging in again never piles up keys, and the replaced one stops working.
 * Returns the only copy of the new plaintext.
 */
export async function rotateDeviceApiKey(
  db: DbOrTx,
  input: { accountId: string; userId: string; deviceName: string },
): Promise<string> {
  const live = and(
    eq(apiKeys.accountId, input.accountId),
    eq(apiKeys.userId, input.userId),
    eq(apiKeys.deviceName, input.deviceName),
    isNull(apiKeys.deletedAt),
  );
  const replaced = await db
    .update(apiKeys)
    .set({ deletedAt: sql`now()`, updatedAt: sql`now()` })
    .where(live)
    .returning({ id: apiKeys.id });
  if (replaced.length > 0) await forgetApiKeys();
  const { key, values } = newApiKey({
    accountId: input.accountId,
    userId: input.userId,
    name: `Device: ${input.deviceName}`,
    notes: "Minted by a password login from this device; the next login from it replaces this key.",
  });
  const [row] = await db
    .insert(apiKeys)
    .values({ ...values, deviceName: input.deviceName })
    .returning({ id: apiKeys.id });
  if (!row) throw new Error("api key insert returned no row");
  await recordAudit(db, {
    accountId: input.accountId,
    action: "api_key.device_key_issued",
    targetType: "api_key",
    targetId: String(row.id),
    data: { device_name: input.deviceName, replaced_key_ids: replaced.map((r) => r.id) },
  });
  return key;
}
