import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { type Agent, loginAs, onboard } from "@/app/api/agents/v1/auth/test-support";
import { getDb } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { receiptDownloadUrl } from "@/lib/invoices/receipt-link";
import { receiptIdOf } from "@/lib/invoices/receipts";
import { post } from "@/lib/wallet/ledger";
import { useFreshDatabase } from "@/tests/helpers/database";
import { type TestStripe, useEmulator } from "@/tests/helpers/stripe";
import { GET } from "./route";

async function download(pathAndQuery: string, token?: string) {
  const id = new URL(pathAndQuery, "http://x").pathname.split("/").pop() ?? "";
  const response = await GET(
    new Request(`http://127.0.0.1:3999${pathAndQuery}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    }),
    { params: Promise.resolve({ id }) },
  );
  const type = response.headers.get("content-type") ?? "";
  return {
    status: response.status,
    type,
    headers: response.headers,
    json: type.includes("json") ? await response.json() : null,
  };
}

describe("GET /receipts/{id}: a bearer token needs billing:read; signed links need none", () => {
  let cleanup: () => Promise<void>;
  let stripe: TestStripe;
  let agent: Agent;
  let receiptPath: string;
  let signedPath: string;
  before(async () => {
    cleanup = await useFreshDatabase("pglite");
    stripe = await useEmulator();
    agent = await onboard();
    const db = await getDb();
    const [user] = await db.select().from(users).where(eq(users.id, agent.userId));
    const accountId = user!.personalAccountId;
    const { entry } = await post(db, {
      accountId,
      amountMinor: 2_500,
      kind: "fund",
      source: "stripe",
      externalId: "pi_receipt_scope_test",
      description: "Wallet funding",
      actor: { userId: agent.userId, kind: "agent" },
    });
    receiptPath = `/receipts/${receiptIdOf(entry.id)}`;
    const signed = new URL(receiptDownloadUrl(receiptIdOf(entry.id), accountId).url);
    signedPath = `${signed.pathname}${signed.search}`;
  });
  after(async () => {
    await stripe.close();
    await cleanup();
  });

  test("full access and billing:read tokens download; a token without billing:read → 403 insufficient_scope", async () => {
    const full = await download(receiptPath, agent.token);
    assert.equal(full.status, 200);
    assert.equal(full.type, "application/pdf");

    const reader = (await loginAs(agent, { scopes: ["billing:read"] })).json.data.access_token;
    assert.equal((await download(receiptPath, reader)).status, 200);

    const narrow = (await loginAs(agent, { scopes: ["profile:read", "wallet:read"] })).json.data.access_token;
    const refused = await download(receiptPath, narrow);
    assert.equal(refused.status, 403);
    assert.equal(refused.json.error.code, "insufficient_scope");
    assert.equal(refused.json.error.details.required_scope, "billing:read");
    assert.match(refused.headers.get("www-authenticate") ?? "", /scope="billing:read"/);
  });

  test("the signed link works without a token, and alongside a narrower one", async () => {
    assert.equal((await download(signedPath)).status, 200);
    const narrow = (await loginAs(agent, { scopes: ["profile:read"] })).json.data.access_token;
    const both = await download(signedPath, narrow);
    assert.equal(both.status, 200);
    assert.equal(both.type, "application/pdf");
    // Nothing at all is still 401; a tampered link is still 404.
    assert.equal((await download(receiptPath)).status, 401);
    assert.equal((await download(signedPath.replace(/signature=./, "signature=~"))).status, 404);
  });
});
