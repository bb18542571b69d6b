import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { users } from "@/lib/db/schema";

export interface UpdatePreferencesInput {
  userId: string;
  nsfwContent?: boolean | undefined;
  walletNotificationEnabled?: boolean | undefined;
  /** USD cents; null clears the threshold. */
  walletNotificationThresholdMinor?: number | null | undefined;
}

/** Sets the given preferences and leaves the others unchanged. */
export async function updatePreferences(db: DbOrTx, input: UpdatePreferencesInput): Promise<void> {
  const { userId, ...given } = input;
  const changes = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
  if (Object.keys(changes).length === 0) return;
  await db
    .update(users)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(eq(users.id, userId));
}
