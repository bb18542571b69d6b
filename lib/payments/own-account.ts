/**
 * Which of our accounts a Stripe object belongs to, from the `onramp_account_id` we put in its
 * metadata. A Stripe account can be shared (another application, or another Onramp instance such
 * as a staging copy): an object that carries Onramp metadata but names no account of this
 * database is skipped — webhooks still answer 2xx and the reconciler carries on — and recorded
 * once in the audit log. Objects with no `onramp_` metadata at all are another application's and
 * are ignored silently (auditing them would log every foreign payment of a shared account).
 */
import { eq } from "drizzle-orm";
import { recordAuditOnce } from "@/lib/audit/audit-log";
import type { Db } from "@/lib/db/client";
import { accounts } from "@/lib/db/schema/accounts";
import { log } from "@/lib/log";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface StripeObjectRef {
  id: string;
  object: string;
  metadata?: Record<string, string> | null;
}

export async function ownAccountOf(db: Db, object: StripeObjectRef): Promise<string | null> {
  const metadata = object.metadata ?? {};
  const named = metadata.onramp_account_id;
  if (named && UUID.test(named)) {
    const [account] = await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, named));
    if (account) return account.id;
  }
  if (!Object.keys(metadata).some((key) => key.startsWith("onramp_"))) return null;
  await auditForeignObject(db, object, named ?? null);
  return null;
}

async function auditForeignObject(db: Db, object: StripeObjectRef, named: string | null): Promise<void> {
  const recorded = await recordAuditOnce(db, {
    accountId: null,
    actor: { kind: "system" },
    action: "stripe.object_not_ours",
    targetType: object.object,
    targetId: object.id,
    data: {
      onramp_account_id: named,
      onramp_purpose: object.metadata?.onramp_purpose ?? null,
      reason: named ? "unknown_account" : "no_account_in_metadata",
    },
  });
  if (recorded) {
    log().warn(
      { stripe_object: object.id, onramp_account_id: named },
      "stripe object names no account of ours; skipped",
    );
  }
}
