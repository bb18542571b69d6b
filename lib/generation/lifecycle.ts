/**
 * A generation's life after it is paid for: `processing` → `success`, or → `error` with the
 * payment given back. Every transition is guarded by `status = 'processing'` (under a row lock for
 * the refund), so concurrent fetches and retries settle a generation once; the refund is also
 * exactly-once by the ledger's (source, external id, kind) key.
 */
import { and, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "@/lib/db/client";
import { type Generation, generations } from "@/lib/db/schema/generation";
import { ledgerEntries } from "@/lib/db/schema/wallet";
import { log } from "@/lib/log";
import { releasePlanQuota } from "@/lib/subscriptions/quota";
import { postInTx } from "@/lib/wallet/ledger";
import type { Provider, ProviderOutcome } from "./providers";

async function reread(db: Db, id: number): Promise<Generation> {
  const [row] = await db.select().from(generations).where(eq(generations.id, id));
  if (!row) throw new Error(`generation ${id} vanished`);
  return row;
}

/** The wallet debit of a generation, found by the ledger's unique key. */
async function debitOf(tx: DbOrTx, id: number): Promise<string | null> {
  const [entry] = await tx
    .select({ id: ledgerEntries.id })
    .from(ledgerEntries)
    .where(
      and(
        eq(ledgerEntries.source, "generation"),
        eq(ledgerEntries.externalId, String(id)),
        eq(ledgerEntries.kind, "usage"),
      ),
    );
  return entry?.id ?? null;
}

/** Marks a processing generation failed and refunds its wallet charge or plan call. */
export async function failGeneration(db: Db, id: number, reason: string): Promise<Generation> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(generations).where(eq(generations.id, id)).for("update");
    if (!row) throw new Error(`generation ${id} vanished`);
    if (row.status !== "processing") return row;
    let refundEntryId: string | null = null;
    let debitEntryId = row.debitEntryId;
    if (row.fundedBy === "wallet" && row.chargedMinor > 0) {
      debitEntryId ??= await debitOf(tx, row.id);
      const { entry } = await postInTx(tx, {
        accountId: row.accountId,
        amountMinor: row.chargedMinor,
        kind: "usage_refund",
        source: "generation",
        externalId: String(row.id),
        description: `Refund: image generation #${row.id} failed`,
        actor: { userId: null, kind: "system" },
        reversesEntryId: debitEntryId,
        metadata: { reason },
      });
      refundEntryId = entry.id;
    } else if (row.fundedBy === "plan_quota") {
      await releasePlanQuota(tx, row.accountId, 1);
    }
    const now = new Date();
    const [updated] = await tx
      .update(generations)
      .set({
        status: "error",
        error: reason,
        refundedMinor: refundEntryId ? row.chargedMinor : 0,
        refundEntryId,
        debitEntryId,
        // A retry under the same Idempotency-Key then starts a fresh, newly paid attempt.
        idempotencyRecordId: null,
        completedAt: now,
        updatedAt: now,
      })
      .where(eq(generations.id, id))
      .returning();
    if (!updated) throw new Error(`generation ${id} vanished`);
    return updated;
  });
}

export async function applyOutcome(
  db: Db,
  row: Generation,
  outcome: ProviderOutcome,
  elapsedMs: number,
): Promise<Generation> {
  const stillProcessing = and(eq(generations.id, row.id), eq(generations.status, "processing"));
  const now = new Date();
  // Set only when this process made the debit (see startGeneration); never cleared.
  const debit = row.debitEntryId ? { debitEntryId: row.debitEntryId } : {};
  if (outcome.kind === "failed") {
    log().warn(
      { generation_id: row.id, provider: row.provider, reason: outcome.reason },
      "generation failed; refunding",
    );
    return failGeneration(db, row.id, outcome.reason);
  }
  if (outcome.kind === "success") {
    const [updated] = await db
      .update(generations)
      .set({
        status: "success",
        output: outcome.output,
        generationMs: Math.round(elapsedMs),
        completedAt: now,
        updatedAt: now,
      })
      .where(stillProcessing)
      .returning();
    return updated ?? reread(db, row.id);
  }
  const [updated] = await db
    .update(generations)
    .set({
      upstreamId: outcome.upstreamId ?? row.upstreamId,
      etaSeconds: outcome.etaSeconds,
      updatedAt: now,
      ...debit,
    })
    .where(stillProcessing)
    .returning();
  return updated ?? reread(db, row.id);
}

/**
 * Runs one provider step — `submit` right after payment, `poll` from the fetch routes — and records
 * what came of it. A provider that throws has failed.
 */
export async function advance(
  db: Db,
  row: Generation,
  provider: Provider,
  step: "submit" | "poll",
): Promise<Generation> {
  const started = performance.now();
  let outcome: ProviderOutcome;
  try {
    outcome = step === "submit" ? await provider.submit(db, row) : await provider.poll(db, row);
  } catch (error) {
    log().error({ generation_id: row.id, err: String(error) }, "generation provider threw");
    outcome = { kind: "failed", reason: "the provider failed unexpectedly" };
  }
  // generationTime: the provider's own time on submit; from the request on a later fetch.
  const elapsed = step === "submit" ? performance.now() - started : Date.now() - row.createdAt.getTime();
  return applyOutcome(db, row, outcome, elapsed);
}
