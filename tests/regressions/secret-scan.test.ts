/**
 * The post-suite scan (PCI-04) can fail: secrets planted in a database, its idempotency records,
 * its webhook inbox or a log file are reported; the local outbox's mails and look-alikes are not.
 */
import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { after, before, describe, test } from "node:test";
import { eq, sql } from "drizzle-orm";
import * as forgotRoute from "@/app/api/agents/v1/auth/forgot-password/route";
import { getDb } from "@/lib/db/client";
import { accounts, outboxEmails, users } from "@/lib/db/schema";
import { resetEnvCache } from "@/lib/env";
import { resetRateLimiters } from "@/lib/http/rate-limit";
import { createLogger, replaceLogger } from "@/lib/log";
import { onboardAgent, type TestAgent } from "@/tests/helpers/agent";
import { assertNoSecretsInClear, useFreshDatabase } from "@/tests/helpers/database";
import { call } from "@/tests/helpers/http";
import { findSecrets, noMailedSecrets, scanDatabase, scanLogFile } from "@/tests/helpers/secret-scan";

const scratch = mkdtempSync(path.join(os.tmpdir(), "onramp-scan-"));
const CODE = "vc_abcdefghijklmnopqrstuvwxyz";

describe("post-suite secret scan", () => {
  let cleanup: () => Promise<void>;
  let agent: TestAgent;

  before(async () => {
    resetEnvCache();
    resetRateLimiters();
    cleanup = await useFreshDatabase("pglite");
    agent = await onboardAgent();
  });
  after(() => cleanup());

  test("look-alikes are not findings: Luhn-invalid runs, epoch ms, UUIDs, hex digests, Stripe ids, masked keys", () => {
    const text = JSON.stringify({
      a: "4242424242424241",
      b: 1796305653740,
      c: "1796305653740",
      d: "123e4567-e89b-12d3-a456-426614174000",
      e: "f0e1d2c3b4a5968778695a4b3c2d1e0f4242424242424242abcdef0123456789",
      f: "pm_4242424242424242x",
      g: "onr_ak_…ABCD",
      h: "vc_[REDACTED]",
    });
    assert.deepEqual(findSecrets(text, "t"), []);
  });

  test("a PAN, a verification code, a full token or key planted in a table → reported with the table", async () => {
    const db = await getDb();
    const [user] = await db.select().from(users).where(eq(users.email, agent.email));
    assert.ok(user);
    const originalName = user.name;
    try {
      await db.update(users).set({ name: "Ada 4242 4242 4242 4242" }).where(eq(users.id, user.id));
      await db
        .update(accounts)
        .set({ name: `code ${CODE} and ${agent.token} and ${agent.apiKey}` })
        .where(eq(accounts.id, user.personalAccountId));
      await db.execute(
        sql`insert into stripe_event (id, type, error) values ('evt_planted', 'x', 'declined 5555-5555-5555-4444')`,
      );
      await assert.rejects(assertNoSecretsInClear("planted"), (error: Error) => {
        assert.match(error.message, /pan 424242…4242 in planted table app_user/);
        assert.match(error.message, /pan 555555…4444 in planted table stripe_event/);
        assert.match(error.message, /verification_code vc_abc…yz in planted table account/);
        assert.match(error.message, /access_token .* in planted table account/);
        assert.match(error.message, /api_key onr_ak.* in planted table account/);
        return true;
      });
    } finally {
      await db.update(users).set({ name: originalName }).where(eq(users.id, user.id));
      await db.update(accounts).set({ name: "Agent Runner" }).where(eq(accounts.id, user.personalAccountId));
      await db.execute(sql`delete from stripe_event where id = 'evt_planted'`);
    }
    await assertNoSecretsInClear("cleaned");
  });

  test("a mailed reset token is looked for everywhere else: the outbox holds it by design, an idempotency record or the log must not", async () => {
    const res = await call(forgotRoute.POST, "/api/agents/v1/auth/forgot-password", {
      method: "POST",
      body: { email: agent.email },
    });
    assert.ok(res.status < 300, JSON.stringify(res.json));
    const db = await getDb();
    const [mail] = await db.select().from(outboxEmails).where(eq(outboxEmails.template, "password-reset"));
    const token = /[?&]token=([A-Za-z0-9_-]{43})/.exec(mail?.text ?? "")?.[1];
    assert.ok(token, "the reset mail carries a token");
    const query = async (text: string) =>
      ((await db.execute(sql.raw(text))) as unknown as { rows: Array<Record<string, unknown>> }).rows;

    const mailed = noMailedSecrets();
    assert.deepEqual(await scanDatabase(query, "db", mailed), [], "the outbox's own mail is not a finding");
    assert.ok(mailed.resetTokens.has(token));

    await db.execute(
      sql`insert into idempotency_record (scope, key, method, path, fingerprint, state, locked_until, response_body)
          values ('s', 'k', 'POST', '/x', 'f', 'done', now(), ${JSON.stringify({ token })}::jsonb)`,
    );
    try {
      const findings = await scanDatabase(query, "db");
      assert.deepEqual(
        findings.map((f) => `${f.kind} ${f.where}`),
        ["reset_token db table idempotency_record"],
      );
    } finally {
      await db.execute(sql`delete from idempotency_record where key = 'k'`);
    }
    const log = path.join(scratch, "reset.log");
    writeFileSync(log, `{"msg":"request"}\n{"msg":"mail","link":"/reset-password?token=${token}"}\n`);
    assert.deepEqual(
      scanLogFile(log, mailed).map((f) => `${f.kind} ${f.where}`),
      [`reset_token ${log}:2`],
    );
  });

  test("the outbox's log line carries the envelope, not the reset token (a log scan found it in the mail's text)", async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    replaceLogger(createLogger("info", stream));
    try {
      const res = await call(forgotRoute.POST, "/api/agents/v1/auth/forgot-password", {
        method: "POST",
        body: { email: agent.email },
      });
      assert.ok(res.status < 300);
    } finally {
      replaceLogger(undefined);
    }
    const db = await getDb();
    const mails = await db.select().from(outboxEmails).where(eq(outboxEmails.template, "password-reset"));
    const tokens = mails.map((m) => /[?&]token=([A-Za-z0-9_-]{43})/.exec(m.text ?? "")?.[1]).filter(Boolean);
    assert.ok(tokens.length > 0);
    const text = lines.join("");
    assert.match(text, /mail written to the outbox/);
    for (const token of tokens) assert.ok(!text.includes(token as string), "a reset token reached the log");
  });

  test("scripts/scan-secrets.ts (the step npm test runs) exits 1 on a planted PAN and 0 on a clean log", () => {
    const dirty = path.join(scratch, "dirty.log");
    const clean = path.join(scratch, "clean.log");
    writeFileSync(dirty, '{"route":"/api/agents/v1/x"}\n{"err":"charge 4000 0566 5566 5556 failed"}\n');
    writeFileSync(clean, '{"route":"/api/agents/v1/payments/[REDACTED_PAN]/status","at":1796305653740}\n');
    const run = (file: string) =>
      spawnSync(process.execPath, ["--import", "tsx", "scripts/scan-secrets.ts", "--log", file], {
        cwd: process.cwd(),
        encoding: "utf8",
      });
    const bad = run(dirty);
    assert.equal(bad.status, 1, bad.stderr);
    assert.match(bad.stderr, /pan 400005…5556 in .*dirty\.log:2/);
    const good = run(clean);
    assert.equal(good.status, 0, good.stderr);
    const missing = run(path.join(scratch, "absent.log"));
    assert.equal(missing.status, 1, "a scan of nothing fails");
  });
});
