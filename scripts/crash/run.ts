// Crash recovery (reliability.md §10.3, issue 16 point 3): for each named fault point, an instance
// is killed (SIGKILL, as kill -9) at that point mid-request, then the client's retry goes to another
// instance; every run must end with exactly one charge and one credit (none on a declined card).
// Instances are processes running the app's route handlers (scripts/crash/worker.ts) on one
// PostgreSQL database and one emulator. Too slow for CI at 20 runs a point (a process start per
// crash): tests/cluster/crash.test.ts runs it with 1 run a point; run it in full by hand:
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node --conditions=react-server --import tsx scripts/crash/run.ts [runs=20] [point,substrings]
//
// Prints one line per point (runs, crashes observed, retries answered, charges, credits) and exits 1
// on any breach.
// biome-ignore-all lint/suspicious/noExplicitAny: JSON from the worker and the emulator, read field by field.
import { type ChildProcess, spawn } from "node:child_process";
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import pg from "pg";
import { startEmulator } from "../../emulator/server.ts";

const runs = Number(process.argv[2] ?? 20);
/** Comma-separated substrings of the points to run (all by default). */
const only = (process.argv[3] ?? "").split(",");
const chosen = (label: string) => only.some((o) => label.includes(o));
const machineUrl = process.env.ONRAMP_TEST_DATABASE_URL || process.env.DATABASE_URL;
if (!machineUrl) {
  console.error(
    "[crash] needs PostgreSQL: set DATABASE_URL (two instances cannot share the embedded database)",
  );
  process.exit(1);
}
const root = path.resolve(import.meta.dirname, "../..");
const SECRET_KEY = "sk_test_onramp_emulator";

interface Worker {
  child: ChildProcess;
  send(command: Record<string, unknown>): Promise<any>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

let nextId = 1;
function spawnWorker(env: NodeJS.ProcessEnv): Promise<Worker> {
  const child = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", path.join(root, "scripts/crash/worker.ts")],
    { cwd: root, env, stdio: ["pipe", "pipe", "inherit"] },
  );
  const waiting = new Map<number, (value: any) => void>();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => {
      for (const done of waiting.values()) done({ died: true });
      resolve({ code, signal });
    }),
  );
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on("line", (line) => {
      let message: any;
      try {
        message = JSON.parse(line);
      } catch {
        return;
      }
      if (message.ready) {
        resolve({
          child,
          exited,
          send: (command) =>
            new Promise((done) => {
              const id = nextId++;
              waiting.set(id, done);
              child.stdin?.write(`${JSON.stringify({ id, ...command })}\n`);
            }),
        });
        return;
      }
      const done = waiting.get(message.id);
      waiting.delete(message.id);
      done?.(message);
    });
    child.once("exit", () => reject(new Error("a worker exited before it was ready")));
  });
}

async function main() {
  const name = `onramp_crash_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: machineUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(machineUrl as string);
  url.pathname = `/${name}`;
  const emulator = await startEmulator({ port: 0, log: () => {} });
  const webhookSecret = `whsec_${randomBytes(16).toString("hex")}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "test",
    DATABASE_URL: url.toString(),
    REDIS_URL: "",
    PGLITE_DIR: "",
    ONRAMP_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "onramp-crash-")),
    STRIPE_EMULATOR_PORT: String(emulator.port),
    STRIPE_WEBHOOK_SECRET: webhookSecret,
    STRIPE_SECRET_KEY: "",
    ONRAMP_PEER_SECRET: randomBytes(32).toString("base64url"),
    APP_URL: "http://127.0.0.1:3999",
    LOG_LEVEL: "silent",
    AUTH_RESPONSE_FLOOR_MS: "0",
    RATE_LIMIT_AUTH_PER_MINUTE: "1000000",
    RATE_LIMIT_BILLING_PER_MINUTE: "1000000",
    RATE_LIMIT_GENERAL_PER_MINUTE: "1000000",
    RATE_LIMIT_SIGNUP_PER_HOUR: "1000000",
    RATE_LIMIT_AUTH_IP_PER_MINUTE: "1000000",
    ONRAMP_FAULT_POINTS: "",
  };
  const db = new pg.Pool({ connectionString: url.toString(), max: 2 });
  const q = async (text: string, values: unknown[] = []) => (await db.query(text, values)).rows;
  const stripeGet = async (p: string) =>
    (await fetch(`${emulator.url}${p}`, {
      headers: { authorization: `Basic ${Buffer.from(`${SECRET_KEY}:`).toString("base64")}` },
    }).then((r) => r.json())) as any;
  const tokenize = async (card: string) => {
    const res = await fetch(`${emulator.url}/v1/payment_methods`, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from("pk_test_onramp_emulator:").toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({
        type: "card",
        "card[number]": card,
        "card[exp_month]": "12",
        "card[exp_year]": "2030",
        "card[cvc]": "123",
      }),
    });
    return ((await res.json()) as { id: string }).id;
  };
  /** Every PaymentIntent at the emulator made for the user, all pages. */
  const intentsOf = async (userId: string) => {
    const all: Array<{ status: string; metadata: Record<string, string> }> = [];
    let after = "";
    for (;;) {
      const page = await stripeGet(`/v1/payment_intents?limit=100${after ? `&starting_after=${after}` : ""}`);
      all.push(...page.data);
      if (!page.has_more) break;
      after = page.data.at(-1).id;
    }
    return all.filter((pi) => pi.metadata?.onramp_user_id === userId);
  };
  const sign = (payload: string) => {
    const t = Math.floor(Date.now() / 1000);
    return `t=${t},v1=${createHmac("sha256", webhookSecret).update(`${t}.${payload}`).digest("hex")}`;
  };

  const survivor = await spawnWorker(env);
  const agentReply = await survivor.send({ op: "onboard" });
  if (!agentReply.result) throw new Error(`onboard failed: ${JSON.stringify(agentReply)}`);
  const agent = agentReply.result as { userId: string; auth: Record<string, string> };
  const [{ account_id: accountId }] = await q(
    "select personal_account_id as account_id from app_user where id = $1",
    [agent.userId],
  );
  const failures: string[] = [];
  const summary: string[] = [];

  const fundCases = [
    { point: "fund.after_idempotency_insert", card: "4242424242424242", paid: true },
    { point: "fund.after_stripe_confirm", card: "4242424242424242", paid: true },
    { point: "fund.after_ledger_commit", card: "4242424242424242", paid: true },
    { point: "door.after_response_stored", card: "4242424242424242", paid: true },
    { point: "fund.after_idempotency_insert", card: "4000000000000002", paid: false },
  ].map((c) => ({ ...c, label: `${c.point}${c.paid ? "" : " (declined card)"}` }));
  const webhookPoints = [
    "webhook.after_inbox_insert",
    "fulfil.after_stripe_read",
    "fulfil.after_ledger_commit",
    "webhook.after_ledger_write",
  ];
  const tally = new Map<string, { runs: number; killed: number; good: number }>();
  const count = (label: string, killed: boolean, good: boolean) => {
    const t = tally.get(label) ?? { runs: 0, killed: 0, good: 0 };
    t.runs++;
    if (killed) t.killed++;
    if (good) t.good++;
    tally.set(label, t);
    console.log(
      `${label} run ${t.runs}: ${killed ? "killed at the point" : "NOT killed"}, ${good ? "one charge and one credit" : "BREACH"}`,
    );
  };
  const pms = new Map<string, string>();
  let expectedCharges = 0;

  async function fundRun(c: (typeof fundCases)[number]) {
    const pm = pms.get(c.card) ?? (await tokenize(c.card));
    pms.set(c.card, pm);
    const key = `crash-${randomUUID()}`;
    const body = { amount: 10, payment_method_id: pm };
    const crasher = await spawnWorker({ ...env, ONRAMP_FAULT_POINTS: c.point });
    // Random timing: the request lands anywhere from at once to 50 ms after the instance is up.
    await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 50)));
    const first = await crasher.send({ op: "fund", auth: agent.auth, key, body });
    const exit = await crasher.exited;
    // The lease of the dead instance's Idempotency-Key row runs out (60 s; moved forward here).
    await q("update idempotency_record set locked_until = now() where key = $1", [key]);
    const retry = (await survivor.send({ op: "fund", auth: agent.auth, key, body })).result;
    let good = retry?.status === (c.paid ? 200 : 402);
    if (!good)
      failures.push(`${c.label}: retry answered ${retry?.status} ${JSON.stringify(retry?.json?.error)}`);
    if (c.paid) expectedCharges++;
    const charges = (await intentsOf(agent.userId)).filter((pi) => pi.status === "succeeded").length;
    // Every charge of the agent so far: card funds and the Checkout payments of the webhook points.
    const [{ n: credits }] = await q(
      "select count(*)::int as n from ledger_entry where account_id = $1 and kind in ('fund', 'checkout_fund')",
      [accountId],
    );
    if (charges !== expectedCharges || credits !== expectedCharges) {
      good = false;
      failures.push(
        `${c.label}: ${charges} charges and ${credits} credits in all, expected ${expectedCharges}`,
      );
    }
    count(c.label, Boolean(first.died) && exit.signal === "SIGKILL", good);
  }

  async function webhookRun(point: string) {
    const link = (
      await survivor.send({ op: "link", auth: agent.auth, body: { purpose: "fund", amount: 10 } })
    ).result;
    const sessionId = link?.json?.data?.session_id as string;
    await fetch(`${emulator.url}/_emulator/checkout/sessions/${sessionId}/complete`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ card: "4242424242424242" }),
    });
    const events = await stripeGet("/v1/events?type=checkout.session.completed&limit=100");
    const event = events.data.find((e: any) => e.data.object.id === sessionId);
    const payload = JSON.stringify(event);
    const crasher = await spawnWorker({ ...env, ONRAMP_FAULT_POINTS: point });
    const first = await crasher.send({ op: "webhook", payload, signature: sign(payload) });
    const exit = await crasher.exited;
    expectedCharges++;
    // A claim the dead instance took on the event runs out (60 s; moved forward here, as the
    // Idempotency-Key lease is for the funding points): until then the inbox leaves the event to it.
    await q(
      "update stripe_event set claimed_at = now() - interval '1 hour' where id = $1 and processed_at is null and claimed_at is not null",
      [event.id],
    );
    // Stripe redelivers the unacknowledged event; this time another instance takes it.
    const again = (await survivor.send({ op: "webhook", payload, signature: sign(payload) })).result;
    let good = again?.status >= 200 && again?.status < 300;
    if (!good) failures.push(`${point}: redelivery answered ${again?.status}`);
    let credits = 0;
    for (let i = 0; i < 50; i++) {
      credits = (
        await q("select count(*)::int as n from ledger_entry where external_id = $1", [sessionId])
      )[0].n;
      if (credits > 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    // Let a late second credit show itself.
    await new Promise((r) => setTimeout(r, 200));
    credits = (await q("select count(*)::int as n from ledger_entry where external_id = $1", [sessionId]))[0]
      .n;
    if (credits !== 1) {
      good = false;
      failures.push(`${point}: ${credits} credits for ${sessionId}`);
    }
    count(point, Boolean(first.died) && exit.signal === "SIGKILL", good);
  }

  // Round by round over every point, so a run cut short still covers each point evenly.
  for (let run = 1; run <= runs; run++) {
    for (const c of fundCases) if (chosen(c.label)) await fundRun(c);
    for (const point of webhookPoints) if (chosen(point)) await webhookRun(point);
  }
  for (const [label, t] of tally) {
    summary.push(
      `${label}: ${t.runs} runs, ${t.killed} killed at the point, ${t.good} ended with exactly one charge and one credit${label.includes("declined") ? " (none: declined)" : ""}`,
    );
  }

  const { checkLedger } = await import("../../lib/ops/ledger-check.ts");
  process.env.DATABASE_URL = url.toString();
  const { getDb, closeDb } = await import("../../lib/db/client.ts");
  const ledger = await checkLedger(await getDb());
  if (!ledger.ok) failures.push(`ledger invariants: ${JSON.stringify(ledger.breaches)}`);
  await closeDb();

  survivor.child.stdin?.end();
  await db.end();
  await emulator.close();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
  console.log(summary.join("\n"));
  console.log(`ledger invariants: ${ledger.ok ? "clean" : "BROKEN"} (${ledger.entries} entries)`);
  if (failures.length) {
    console.error(`[crash] ${failures.length} breach(es):\n  ${failures.join("\n  ")}`);
    process.exit(1);
  }
  console.log("[crash] every run ended with exactly one charge and one credit (none on the declined card)");
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
