/**
 * Idempotency-Key handling (DESIGN.md §5). One row per (acting account, key):
 * - first request inserts the row `in_flight` with a 60 s lease and runs;
 * - same key + same method, path and canonical body → the stored response, marked as a replay;
 * - same key + anything else → 422 idempotency_key_reused;
 * - same key while the first still runs → 409 idempotency_key_in_use with Retry-After.
 * Business outcomes (2xx, 402, other 4xx) are stored; validation 422s, 401/403 and 429 delete the
 * row (nothing began, so a corrected retry runs afresh); 5xx releases the lease but keeps the row,
 * so a retry resumes under the same record id and therefore the same derived Stripe keys.
 */
import { createHash } from "node:crypto";
import { and, eq, lt, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { idempotencyRecords } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { canonicalJson } from "./canonical-json";

export const LEASE_MS = 60_000;

export interface IdempotencyRequest {
  scope: string;
  key: string;
  method: string;
  path: string;
  body: unknown;
}

export type IdempotencyStart =
  | { kind: "execute"; recordId: string }
  | { kind: "replay"; status: number; body: Record<string, unknown> };

/** Accepts the bare token or an RFC 8941 sf-string (`"abc"` equals `abc`). */
export function parseIdempotencyKey(raw: string | null): string | null {
  if (raw === null) return null;
  let key = raw.trim();
  if (key.length >= 2 && key.startsWith('"') && key.endsWith('"')) key = key.slice(1, -1);
  if (key.length < 1 || key.length > 255 || !/^[\x21-\x7e]+$/.test(key)) {
    throw new AppError(
      "invalid_idempotency_key",
      "Idempotency-Key must be 1 to 255 printable ASCII characters without spaces.",
    );
  }
  return key;
}

export function fingerprint(method: string, path: string, body: unknown): string {
  return createHash("sha256")
    .update(`${method.toUpperCase()} ${path}\n${canonicalJson(body)}`)
    .digest("hex");
}

/**
 * Records this process is executing, by scope and key: a duplicate that arrives meanwhile is the
 * 409 the database would give, answered without a round trip; duplicates that arrive together
 * share one claim. A burst of one key (an agent retrying 100 times at once) then costs this
 * instance's pool a few statements, not a few hundred, so the duplicates cannot crowd the pool
 * into 503s. Only a hint for this process: the database row stays the authority across instances,
 * and an entry lives no longer than the lease it mirrors.
 */
const executingHere = new Map<string, { fingerprint: string; until: number }>();
/** Claims under way in this process, by scope, key and fingerprint. */
const claiming = new Map<string, Promise<IdempotencyStart>>();
const localKey = (scope: string, key: string) => `${scope}\u0000${key}`;

function inUse(retryAfterSec: number): AppError {
  return new AppError(
    "idempotency_key_in_use",
    "A request with this Idempotency-Key is still being processed. Retry shortly.",
    { headers: { "Retry-After": String(Math.min(Math.max(1, retryAfterSec), 60)) } },
  );
}

export async function beginIdempotent(db: Db, req: IdempotencyRequest): Promise<IdempotencyStart> {
  const print = fingerprint(req.method, req.path, req.body);
  const leaseUntil = () => new Date(Date.now() + LEASE_MS);
  const here = executingHere.get(localKey(req.scope, req.key));
  if (here && here.until > Date.now() && here.fingerprint === print) throw inUse(1);
  if (here && here.until <= Date.now()) executingHere.delete(localKey(req.scope, req.key));
  // Concurrent duplicates in this process wait for one claim instead of each making their own.
  const flightKey = `${localKey(req.scope, req.key)}\u0000${print}`;
  const pending = claiming.get(flightKey);
  if (pending) {
    const outcome = await pending;
    if (outcome.kind === "execute") throw inUse(1);
    return outcome;
  }
  const claim = claimRecord(db, req, print, leaseUntil).finally(() => claiming.delete(flightKey));
  claiming.set(flightKey, claim);
  const started = await claim;
  if (started.kind === "execute") {
    executingHere.set(localKey(req.scope, req.key), { fingerprint: print, until: Date.now() + LEASE_MS });
    recordScope.set(started.recordId, localKey(req.scope, req.key));
  }
  return started;
}

/** Which executing entry a record id holds, so finishing releases it. */
const recordScope = new Map<string, string>();

/** Tests: this process forgets what it was executing, as a process that died and restarted would. */
export function forgetLocalExecutions(): void {
  executingHere.clear();
  recordScope.clear();
}

function releaseHere(recordId: string): void {
  const key = recordScope.get(recordId);
  recordScope.delete(recordId);
  if (key !== undefined) executingHere.delete(key);
}

/** The database's part of `beginIdempotent` alone, as each instance of a cluster makes it. */
export function claimIdempotencyRecord(db: Db, req: IdempotencyRequest): Promise<IdempotencyStart> {
  return claimRecord(
    db,
    req,
    fingerprint(req.method, req.path, req.body),
    () => new Date(Date.now() + LEASE_MS),
  );
}

async function claimRecord(
  db: Db,
  req: IdempotencyRequest,
  print: string,
  leaseUntil: () => Date,
): Promise<IdempotencyStart> {
  const inserted = await db
    .insert(idempotencyRecords)
    .values({
      scope: req.scope,
      key: req.key,
      method: req.method.toUpperCase(),
      path: req.path,
      fingerprint: print,
      lockedUntil: leaseUntil(),
    })
    .onConflictDoNothing({ target: [idempotencyRecords.scope, idempotencyRecords.key] })
    .returning({ id: idempotencyRecords.id });
  if (inserted[0]) return { kind: "execute", recordId: inserted[0].id };

  const [row] = await db
    .select()
    .from(idempotencyRecords)
    .where(and(eq(idempotencyRecords.scope, req.scope), eq(idempotencyRecords.key, req.key)));
  if (!row) {
    // Purged between our insert and select: treat as a fresh attempt.
    return claimRecord(db, req, print, leaseUntil);
  }
  if (row.fingerprint !== print) {
    throw new AppError(
      "idempotency_key_reused",
      "This Idempotency-Key was already used with a different request. Keys can only be reused with the same method, path and body; use a new key for a new request.",
    );
  }
  if (row.state === "done" && row.responseStatus !== null) {
    return {
      kind: "replay",
      status: row.responseStatus,
      body: (row.responseBody ?? {}) as Record<string, unknown>,
    };
  }
  // In flight: take over only if the previous holder's lease ran out (it crashed or gave up).
  const taken = await db
    .update(idempotencyRecords)
    .set({ lockedUntil: leaseUntil() })
    .where(
      and(
        eq(idempotencyRecords.id, row.id),
        eq(idempotencyRecords.state, "in_flight"),
        lt(idempotencyRecords.lockedUntil, sql`now()`),
      ),
    )
    .returning({ id: idempotencyRecords.id });
  if (taken[0]) return { kind: "execute", recordId: taken[0].id };
  throw inUse(Math.ceil((row.lockedUntil.getTime() - Date.now()) / 1000));
}

/** Whether a finished response is a definite business outcome worth replaying. */
export function isStorable(status: number, code: string | undefined): boolean {
  if (status >= 500) return false;
  if (status === 401 || status === 403 || status === 429) return false;
  if (status === 422 && code === "validation_error") return false;
  if (status === 400 && (code === "invalid_json" || code === "raw_card_data_rejected")) return false;
  // "Not paid yet" is a moment, not an outcome: a retry with the same key must look again.
  if (code === "checkout_not_paid") return false;
  return true;
}

export async function finishIdempotent(
  db: Db,
  recordId: string,
  outcome: { status: number; body: Record<string, unknown>; code?: string | undefined },
): Promise<void> {
  try {
    await settleRecord(db, recordId, outcome);
  } finally {
    // Released even when the database refused the write: the row's lease then decides.
    releaseHere(recordId);
  }
}

async function settleRecord(
  db: Db,
  recordId: string,
  outcome: { status: number; body: Record<string, unknown>; code?: string | undefined },
): Promise<void> {
  if (isStorable(outcome.status, outcome.code)) {
    await db
      .update(idempotencyRecords)
      .set({
        state: "done",
        responseStatus: outcome.status,
        responseBody: outcome.body,
        completedAt: new Date(),
      })
      .where(eq(idempotencyRecords.id, recordId));
  } else if (outcome.status >= 500) {
    await db
      .update(idempotencyRecords)
      .set({ lockedUntil: new Date(0) })
      .where(eq(idempotencyRecords.id, recordId));
  } else {
    await db.delete(idempotencyRecords).where(eq(idempotencyRecords.id, recordId));
  }
}

/** Deletes records older than the retention window; returns how many went. */
export async function purgeIdempotencyRecords(
  db: Db,
  retentionHours: number,
  now = new Date(),
): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionHours * 3_600_000);
  const deleted = await db
    .delete(idempotencyRecords)
    .where(lt(idempotencyRecords.createdAt, cutoff))
    .returning({ id: idempotencyRecords.id });
  return deleted.length;
}

/** The Stripe-side key for one step of a request, stable across retries of the same record. */
export function stripeIdempotencyKey(recordId: string, step: string): string {
  return `onramp_${recordId}_${step}`;
}
