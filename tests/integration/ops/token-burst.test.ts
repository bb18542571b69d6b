/**
 * IDEM-02's cause on a cluster: an agent's burst of requests with a token its instance has not
 * remembered yet. Each request used to read the token and write its first use on its own — 50 reads
 * and 50 writes queued for one row lock, holding every pooled connection until the rest timed out
 * into 503s. Concurrent lookups of one token now share one read and one write per process.
 */
import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { resolveBearerToken } from "@/lib/auth/resolve-bearer";
import { forgetAllTokens } from "@/lib/auth/token-cache";
import { type Db, getDb } from "@/lib/db/client";
import { accessTokens } from "@/lib/db/schema";
import { onboardAgent, type TestAgent } from "@/tests/helpers/agent";
import { useFreshDatabase } from "@/tests/helpers/database";

/** The database, counting the statements started through it. */
function counting(db: Db) {
  const counts = { select: 0, update: 0 };
  const proxy = new Proxy(db, {
    get(target, prop, receiver) {
      if (prop === "select" || prop === "update") counts[prop]++;
      return Reflect.get(target, prop, receiver);
    },
  });
  return { db: proxy, counts };
}

describe("a burst of requests with one token", () => {
  let cleanup: () => Promise<void>;
  let agent: TestAgent;
  before(async () => {
    cleanup = await useFreshDatabase("pglite");
    agent = await onboardAgent();
  });
  after(() => cleanup());

  test("50 lookups at once of a token never used: one read, one first-use write, 50 principals", async () => {
    const db = await getDb();
    const id = Number(agent.token.split("|")[0]);
    await db.update(accessTokens).set({ lastUsedAt: null }).where(eq(accessTokens.id, id));
    forgetAllTokens();
    const { db: watched, counts } = counting(db);
    const principals = await Promise.all(
      Array.from({ length: 50 }, () => resolveBearerToken(watched, agent.token)),
    );
    assert.ok(principals.every((p) => p?.userId === agent.userId));
    assert.deepEqual(counts, { select: 1, update: 1 });
    // Each request gets its own copy: one request's changes never reach another.
    assert.notEqual(principals[0], principals[1]);
    const [row] = await db.select().from(accessTokens).where(eq(accessTokens.id, id));
    assert.ok(row?.lastUsedAt, "the first use is recorded");
  });

  test("a lookup that starts after a revocation does not join one begun before it", async () => {
    const db = await getDb();
    const id = Number(agent.token.split("|")[0]);
    forgetAllTokens();
    const { db: watched, counts } = counting(db);
    const before = resolveBearerToken(watched, agent.token);
    await db.update(accessTokens).set({ revokedAt: new Date() }).where(eq(accessTokens.id, id));
    forgetAllTokens();
    const afterRevocation = await resolveBearerToken(watched, agent.token);
    await before;
    assert.equal(afterRevocation, null, "the later request reads the revocation itself");
    assert.equal(counts.select, 2);
  });
});
