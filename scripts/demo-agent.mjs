// `npm run demo:agent`: an agent's first minutes against a running Onramp, the seed's five calls
// over plain HTTP — sign up, verify with the code from the local mailbox, tokenize a test card at
// Stripe (the emulator), fund the wallet, generate an image with the API key — printing every
// request and response with secrets masked.
//
//   npm run demo:agent                          # against http://localhost:3000
//   npm run demo:agent -- --base-url http://127.0.0.1:3210
//   npm run demo:agent -- --human               # a person pays a payment link instead of the card
//
// `--human` plays the seed's human-assisted variant: it prints the Checkout link for a person to
// open, waits for the payment (long-polling the link's status, no session_id to relay), then goes on.
// The mailbox is local mode's (/dev/mailbox), so this runs against a local Onramp only.
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";

const USAGE = `usage: npm run demo:agent -- [--base-url URL] [--human] [--amount USD] [--timeout SECONDS] [--quiet]`;

const { values: options } = parseArgs({
  options: {
    "base-url": { type: "string", default: "http://localhost:3000" },
    human: { type: "boolean", default: false },
    amount: { type: "string", default: "25" },
    timeout: { type: "string", default: "1800" },
    quiet: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}

const base = options["base-url"].replace(/\/+$/, "");
const API = `${base}/api/agents/v1`;
const amount = Number(options.amount);
const timeoutSec = Number(options.timeout);

// ---- printing, secrets masked ----------------------------------------------------------------

const SECRET_FIELDS = new Set([
  "access_token",
  "token",
  "api_key",
  "key",
  "password",
  "password_confirmation",
  "verification_code",
  "client_secret",
  "secret",
]);

/** Onramp's verification codes, access tokens and API keys, wherever they appear in a text. */
const SECRET_IN_TEXT = /\b(vc|rt|onr_at|onr_ak)_[A-Za-z0-9_-]{6,}/g;

const maskValue = (value) =>
  typeof value === "string" && value.length > 8 ? `${value.slice(0, 4)}…${value.slice(-4)}` : "••••";

/** A copy with secret fields, codes and card numbers masked. */
function mask(value, field = "") {
  if (Array.isArray(value)) return value.map((v) => mask(v));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mask(v, k)]));
  }
  if (typeof value !== "string") return value;
  if (SECRET_FIELDS.has(field)) return maskValue(value);
  if (field === "card[number]") return `•••• ${value.slice(-4)}`;
  if (field === "card[cvc]") return "•••";
  // A mail's HTML repeats its text; the codes, tokens and keys inside any text are masked.
  if (field === "html") return `(${value.length} characters of HTML)`;
  return value.replace(SECRET_IN_TEXT, (secret) => `${secret.slice(0, 3)}••••••`);
}

const maskHeaders = (headers) =>
  Object.fromEntries(
    Object.entries(headers).map(([k, v]) =>
      /^authorization$/i.test(k)
        ? [k, v.replace(/^(Bearer|Basic)\s+(\S+)$/i, (_, s, t) => `${s} ${maskValue(t)}`)]
        : [k, v],
    ),
  );

const indent = (text) => text.replace(/^/gm, "    ");

function show(label, lines) {
  if (options.quiet) return;
  console.log(`\n${label}`);
  for (const line of lines) console.log(indent(line));
}

let step = 0;
function heading(title) {
  step += 1;
  console.log(`\n━━ ${step}. ${title} ${"━".repeat(Math.max(0, 70 - title.length))}`);
}

// ---- HTTP --------------------------------------------------------------------------------------

/**
 * One request, printed with its answer. `form` sends application/x-www-form-urlencoded (Stripe).
 * Returns the parsed body; throws when the status is not in `expect`.
 */
async function request(method, url, { json, form, headers = {}, expect = [200], timeoutMs = 90_000 } = {}) {
  const sent = { ...headers };
  let body;
  if (json !== undefined) {
    sent["Content-Type"] = "application/json";
    body = JSON.stringify(json);
  } else if (form !== undefined) {
    sent["Content-Type"] = "application/x-www-form-urlencoded";
    body = new URLSearchParams(form).toString();
  }
  const lines = [`${method} ${url}`];
  for (const [k, v] of Object.entries(maskHeaders(sent))) lines.push(`${k}: ${v}`);
  if (json !== undefined) lines.push(JSON.stringify(mask(json), null, 2));
  if (form !== undefined) lines.push(new URLSearchParams(mask(form)).toString().replace(/%E2%80%A2/g, "•"));
  show("→ request", lines);

  const response = await fetch(url, { method, headers: sent, body, signal: AbortSignal.timeout(timeoutMs) });
  const text = await response.text();
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text;
  }
  const shown = [`${response.status} ${response.statusText}`];
  for (const name of ["x-request-id", "x-ratelimit-remaining", "x-ratelimit-reset"]) {
    const value = response.headers.get(name);
    if (value) shown.push(`${name}: ${value}`);
  }
  shown.push(typeof parsed === "string" ? parsed.slice(0, 500) : JSON.stringify(mask(parsed), null, 2));
  show("← response", shown);
  if (!expect.includes(response.status)) {
    throw new Error(`${method} ${url} answered ${response.status}, expected ${expect.join(" or ")}`);
  }
  return parsed;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The verification code from local mode's mailbox (the message may take a moment to arrive). */
async function mailedCode(email) {
  for (let attempt = 0; attempt < 20; attempt++) {
    const mail = await request("GET", `${base}/dev/mailbox/messages?to=${encodeURIComponent(email)}`);
    const code = /Verification code: (\S+)/.exec(mail?.data?.[0]?.text ?? "")?.[1];
    if (code) return code;
    await sleep(500);
  }
  throw new Error(
    `no verification code reached ${email} in the local mailbox (${base}/dev/mailbox); is Onramp running in local mode?`,
  );
}

// ---- the flow ----------------------------------------------------------------------------------

async function main() {
  if (!Number.isFinite(amount) || amount <= 0)
    throw new Error(`--amount must be a positive number\n${USAGE}`);
  const email = `demo-agent-${randomBytes(4).toString("hex")}@example.com`;
  const password = `demo-${randomBytes(9).toString("base64url")}`;
  console.log(`Onramp agent demo against ${base}${options.human ? " (human-assisted payment)" : ""}`);

  heading("Create the account (POST /auth/signup)");
  await request("POST", `${API}/auth/signup`, {
    json: { email, password, name: "Demo Agent" },
    expect: [201],
  });

  heading("Verify the email with the mailed code (POST /auth/verify-email)");
  const code = await mailedCode(email);
  const verified = await request("POST", `${API}/auth/verify-email`, { json: { verification_code: code } });
  const { access_token: token, api_key: apiKey } = verified.data;
  const auth = { Authorization: `Bearer ${token}` };

  if (options.human) {
    heading("Ask a person to pay (POST /billing/payment-link)");
    const link = (
      await request("POST", `${API}/billing/payment-link`, {
        json: { purpose: "fund", amount },
        headers: { ...auth, "Idempotency-Key": `demo-link-${randomBytes(6).toString("hex")}` },
        expect: [201],
      })
    ).data;
    console.log(
      `\n  Open this link in a browser and pay (test card 4242 4242 4242 4242, any future date, any CVC):`,
    );
    console.log(`\n      ${link.payment_url}\n`);
    console.log(`  session_id: ${link.session_id}`);
    console.log(`  Waiting for the payment (up to ${timeoutSec} s)…`);

    heading("Wait for the hand-off (GET /billing/payment-link/{session_id}?wait=60)");
    const deadline = Date.now() + timeoutSec * 1000;
    let status = link.status;
    while (Date.now() < deadline) {
      const wait = Math.max(1, Math.min(60, Math.ceil((deadline - Date.now()) / 1000)));
      const answer = await request("GET", `${API}/billing/payment-link/${link.session_id}?wait=${wait}`, {
        headers: auth,
      });
      status = answer.data.status;
      if (status === "fulfilled" || status === "expired" || status === "canceled") break;
    }
    if (status !== "fulfilled") throw new Error(`the payment link ended ${status}, not paid`);
    console.log("\n  Paid: the wallet was credited without the person relaying anything.");

    heading("Confirm (POST /wallet/confirm-checkout; already done, harmless to repeat)");
    await request("POST", `${API}/wallet/confirm-checkout`, {
      json: { session_id: link.session_id },
      headers: auth,
    });
  } else {
    heading(
      "Tokenize a test card at Stripe (GET /billing/stripe-config, POST {api_base}/v1/payment_methods)",
    );
    const config = (await request("GET", `${API}/billing/stripe-config`, { headers: auth })).data;
    const pm = await request("POST", `${config.api_base}/v1/payment_methods`, {
      headers: { Authorization: `Basic ${Buffer.from(`${config.publishable_key}:`).toString("base64")}` },
      form: {
        type: "card",
        "card[number]": "4242424242424242",
        "card[exp_month]": "12",
        "card[exp_year]": String(new Date().getUTCFullYear() + 3),
        "card[cvc]": "123",
      },
    });

    heading("Fund the wallet (POST /wallet/fund)");
    await request("POST", `${API}/wallet/fund`, {
      json: { amount, payment_method_id: pm.id },
      headers: { ...auth, "Idempotency-Key": `demo-fund-${randomBytes(6).toString("hex")}` },
    });
  }

  heading("Generate with the API key (POST /api/v6/images/text2img)");
  const generated = await request("POST", `${base}/api/v6/images/text2img`, {
    json: {
      key: apiKey,
      model_id: "flux",
      prompt: "A futuristic cityscape at sunset",
      width: 1024,
      height: 1024,
    },
  });
  if (generated.status !== "success") throw new Error(`the generation answered status ${generated.status}`);

  heading("Read the balance (GET /wallet/balance)");
  const balance = (await request("GET", `${API}/wallet/balance`, { headers: auth })).data;
  console.log(
    `\n✔ Done: ${email} funded $${amount}, generated ${generated.output?.[0] ?? "an image"}, balance $${balance.balance}.`,
  );
}

main().catch((error) => {
  console.error(`\n✘ ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
