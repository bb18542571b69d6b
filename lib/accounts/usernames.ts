import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { accounts } from "@/lib/db/schema";

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9_]{2,29}$/;

/** `Agent Runner` → `agent_runner`; falls back to the email's local part, then to `agent`. */
export function usernameBase(name: string | undefined, email: string): string {
  const slug = (s: string) =>
    s
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^_+|_+$/g, "")
      .slice(0, 20);
  const candidate = slug(name ?? "") || slug(email.split("@")[0] ?? "");
  if (candidate.length >= 3) return candidate;
  return `${candidate || "agent"}_user`.slice(0, 20);
}

const suffix = () => randomBytes(3).toString("hex");

/**
 * A free username near the base: the base itself, else the base plus a random suffix. Accounts and
 * users share one namespace and a personal account carries its user's username, so checking the
 * account table covers both. A concurrent signup can still take it: the insert's unique index
 * decides, and the caller retries.
 */
export async function proposeUsername(db: DbOrTx, base: string): Promise<string> {
  for (const candidate of [base, `${base}_${suffix()}`, `${base}_${suffix()}`]) {
    const [taken] = await db
      .select({ id: accounts.id })
      .from(accounts)
      .where(eq(accounts.username, candidate));
    if (!taken) return candidate;
  }
  return `${base}_${randomBytes(6).toString("hex")}`;
}
