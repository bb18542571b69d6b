/**
 * For the refund, dispute and reconciler suites: an agent with a funded wallet, money moved at
 * Stripe as an operator or a card network would, and the ledger read back per account and kind.
 */
import { randomUUID } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { outboxEmails, users } from "@/lib/db/schema/accounts";
import { clawbacks, type LedgerKind, ledgerEntries } from "@/lib/db/schema/wallet";
import { stripe } from "@/lib/stripe/client";
import { fundWallet } from "@/lib/wallet/fund-wallet";
import { ensureWallet, post } from "@/lib/wallet/ledger";
import { onboardAgent, type TestAgent } from "./agent";
import type { TestStripe } from "./stripe";

export interface Owner {
  agent: TestAgent;
  accountId: string;
}

export async function newOwner(): Promise<Owner> {
  const agent = await onboardAgent();
  const [user] = await (await getDb()).select().from(users).where(eq(users.id, agent.userId));
  return { agent, accountId: user!.personalAccountId };
}

/** Funds the wallet with a card payment; returns the PaymentIntent id. */
export async function fundWith(
  t: TestStripe,
  owner: Owner,
  card: string,
  amountMinor: number,
): Promise<string> {
  const result = await fundWallet(await getDb(), {
    accountId: owner.accountId,
    userId: owner.agent.userId,
    actorKind: "agent",
    amountMinor,
    paymentMethodId: await t.tokenize(card),
    idempotencyRecordId: null,
  });
  if (result.kind !== "succeeded") throw new Error(`funding failed: ${JSON.stringify(result)}`);
  return result.paymentIntentId;
}

/** Money leaves the wallet as a generation would take it. */
export async function spend(owner: Owner, amountMinor: number) {
  return post(await getDb(), {
    accountId: owner.accountId,
    amountMinor: -amountMinor,
    kind: "usage",
    source: "generation",
    externalId: `test-usage-${randomUUID()}`,
    description: "Test usage",
    actor: { userId: owner.agent.userId, kind: "agent" },
  });
}

export const walletOf = async (owner: Owner) => ensureWallet(await getDb(), owner.accountId);
export const balanceOf = async (owner: Owner) => (await walletOf(owner)).balanceMinor;

export async function entriesOf(owner: Owner, ...kinds: LedgerKind[]) {
  const rows = await (await getDb())
    .select()
    .from(ledgerEntries)
    .where(eq(ledgerEntries.accountId, owner.accountId))
    .orderBy(asc(ledgerEntries.seq));
  return kinds.length ? rows.filter((r) => kinds.includes(r.kind)) : rows;
}

export async function clawbackRow(id: string) {
  const [row] = await (await getDb()).select().from(clawbacks).where(eq(clawbacks.id, id));
  return row;
}

export async function mailsTo(owner: Owner, template: string) {
  return (await getDb())
    .select()
    .from(outboxEmails)
    .where(and(eq(outboxEmails.toAddress, owner.agent.email), eq(outboxEmails.template, template)));
}

/** Delivers every event about `objectId` again (the emulator's resend), `times` times. */
export async function redeliverAll(t: TestStripe, objectIds: string[], times = 1): Promise<number> {
  const events: string[] = [];
  for await (const event of stripe().events.list({ limit: 100 })) {
    if (objectIds.includes((event.data.object as { id: string }).id)) events.push(event.id);
  }
  for (let i = 0; i < times; i++) {
    for (const id of events) await t.helper(`/_emulator/events/${id}/resend`, {});
  }
  await t.emulator.webhooksIdle();
  return events.length;
}
