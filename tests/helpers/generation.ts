/**
 * Shared by the generation, usage and models suites: call the generation routes as an agent does,
 * fund wallets with a direct ledger credit, and read balances and ledger sums.
 */
import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import * as fetchV6Route from "@/app/api/v6/images/fetch/[id]/route";
import * as text2imgRoute from "@/app/api/v6/images/text2img/route";
import * as fetchV7Route from "@/app/api/v7/images/fetch/[id]/route";
import * as textToImageRoute from "@/app/api/v7/images/text-to-image/route";
import * as imageRoute from "@/app/generated/[file]/route";
import type { Db } from "@/lib/db/client";
import { users } from "@/lib/db/schema/accounts";
import { ledgerEntries } from "@/lib/db/schema/wallet";
import { ensureWallet, post } from "@/lib/wallet/ledger";
import { type CallOptions, call, respond } from "@/tests/helpers/http";

export const SEED_PROMPT = "A futuristic cityscape at sunset";

export async function accountIdOf(db: Db, userId: string): Promise<string> {
  const [row] = await db.select({ id: users.personalAccountId }).from(users).where(eq(users.id, userId));
  if (!row) throw new Error(`no user ${userId}`);
  return row.id;
}

/** A direct ledger credit, as an operator's adjustment would be. */
export async function credit(db: Db, accountId: string, cents: number): Promise<void> {
  await post(db, {
    accountId,
    amountMinor: cents,
    kind: "adjustment",
    source: "system",
    externalId: `test-credit-${randomUUID()}`,
    description: "Test credit",
    actor: { userId: null, kind: "system" },
  });
}

export const balanceMinor = async (db: Db, accountId: string) =>
  (await ensureWallet(db, accountId)).balanceMinor;

/** Σ of the account's usage and usage_refund entries (negative: money spent). */
export async function usageLedgerMinor(db: Db, accountId: string): Promise<number> {
  const [row] = await db
    .select({ total: sql`coalesce(sum(${ledgerEntries.amountMinor}), 0)`.mapWith(Number) })
    .from(ledgerEntries)
    .where(
      and(eq(ledgerEntries.accountId, accountId), inArray(ledgerEntries.kind, ["usage", "usage_refund"])),
    );
  return row?.total ?? 0;
}

export const text2img = (body: unknown, options: CallOptions = {}) =>
  call(text2imgRoute.POST, "/api/v6/images/text2img", { method: "POST", body, ...options });

export const textToImage = (body: unknown, options: CallOptions = {}) =>
  call(textToImageRoute.POST, "/api/v7/images/text-to-image", { method: "POST", body, ...options });

export const fetchV6 = (id: string | number, body: unknown, options: CallOptions = {}) =>
  call(fetchV6Route.POST, `/api/v6/images/fetch/${id}`, {
    method: "POST",
    body,
    params: { id: String(id) },
    ...options,
  });

export const fetchV7 = (id: string | number, body: unknown, options: CallOptions = {}) =>
  call(fetchV7Route.POST, `/api/v7/images/fetch/${id}`, {
    method: "POST",
    body,
    params: { id: String(id) },
    ...options,
  });

/** GETs an output URL through the image route; returns the status, type and bytes. */
export async function getImage(url: string): Promise<{ status: number; type: string | null; bytes: Buffer }> {
  const path = new URL(url).pathname;
  const file = path.split("/").at(-1) ?? "";
  const response = await respond(imageRoute.GET, path, { params: { file } });
  return {
    status: response.status,
    type: response.headers.get("content-type"),
    bytes: Buffer.from(await response.arrayBuffer()),
  };
}
