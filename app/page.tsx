import { headers } from "next/headers";
import Link from "next/link";
import type { ReactNode } from "react";
import { CodeBlock } from "@/components/code-block";
import { CopyButton } from "@/components/copy-button";

// Hostnames, IPv4 and bracketed IPv6, with an optional port: anything else in a Host header is
// not echoed into commands people paste into a shell.
const HOST_PATTERN =
  /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

function firstValue(header: string | null): string {
  return header?.split(",")[0]?.trim() ?? "";
}

/**
 * The origin this request reached, so the quickstart works on whatever host Onramp runs on.
 * Reading headers() also makes the page render per request instead of being prerendered at build
 * time with the build machine's host.
 */
async function currentOrigin(): Promise<string> {
  const requestHeaders = await headers();
  const proto =
    firstValue(requestHeaders.get("x-forwarded-proto")).toLowerCase() === "https" ? "https" : "http";
  const candidates = [
    firstValue(requestHeaders.get("x-forwarded-host")),
    firstValue(requestHeaders.get("host")),
  ];
  for (const host of candidates) {
    if (host && HOST_PATTERN.test(host) && URL.canParse(`${proto}://${host}`)) {
      // URL drops default ports (":443" on https), matching what the browser shows.
      return new URL(`${proto}://${host}`).origin;
    }
  }
  return `${proto}://localhost`;
}

const lines = (...parts: string[]) => parts.join("\n");

/** The seed's commands verbatim, except that modelslab.com becomes this install's origin. */
function commands(origin: string) {
  const api = `${origin}/api/agents/v1`;
  return {
    signup: lines(
      `curl --request POST '${api}/auth/signup' \\`,
      `  --header 'Content-Type: application/json' \\`,
      `  --data '{`,
      `    "email": "agent@example.com",`,
      `    "password": "secret123",`,
      `    "name": "Agent Runner"`,
      `  }'`,
    ),
    verify: lines(
      `curl --request POST '${api}/auth/verify-email' \\`,
      `  --header 'Content-Type: application/json' \\`,
      `  --data '{`,
      `    "verification_code": "<code-from-email>"`,
      `  }'`,
    ),
    stripeConfig: lines(
      `curl --request GET '${api}/billing/stripe-config' \\`,
      `  --header 'Authorization: Bearer <agent_access_token>'`,
    ),
    // Double quotes, unlike the seed's single ones, so the shell expands $STRIPE_API_BASE.
    paymentMethod: lines(
      `curl --request POST "$STRIPE_API_BASE/v1/payment_methods" \\`,
      `  --user '<publishable_key>:' \\`,
      `  --data 'type=card' \\`,
      `  --data 'card[number]=4242424242424242' \\`,
      `  --data 'card[exp_month]=12' \\`,
      `  --data 'card[exp_year]=2027' \\`,
      `  --data 'card[cvc]=123'`,
    ),
    fund: lines(
      `curl --request POST '${api}/wallet/fund' \\`,
      `  --header 'Authorization: Bearer <access_token>' \\`,
      `  --header 'Content-Type: application/json' \\`,
      `  --data '{`,
      `    "amount": 25,`,
      `    "payment_method_id": "pm_1Xyz..."`,
      `  }'`,
    ),
    subscribe: lines(
      `curl --request POST '${api}/subscriptions' \\`,
      `  --header 'Authorization: Bearer <access_token>' \\`,
      `  --header 'Content-Type: application/json' \\`,
      `  --data '{`,
      `    "plan_id": 10,`,
      `    "payment_method_id": "pm_1Xyz..."`,
      `  }'`,
    ),
    generate: lines(
      `curl --request POST '${origin}/api/v6/images/text2img' \\`,
      `  --header 'Content-Type: application/json' \\`,
      `  --data '{`,
      `    "key": "<api_key>",`,
      `    "model_id": "flux",`,
      `    "prompt": "A futuristic cityscape at sunset",`,
      `    "width": 1024,`,
      `    "height": 1024`,
      `  }'`,
    ),
    paymentLink: lines(
      `curl --request POST '${api}/billing/payment-link' \\`,
      `  --header 'Authorization: Bearer <access_token>' \\`,
      `  --header 'Content-Type: application/json' \\`,
      `  --data '{"purpose": "fund", "amount": 25}'`,
    ),
    confirmCheckout: lines(
      `# For wallet funding`,
      `curl --request POST '${api}/wallet/confirm-checkout' \\`,
      `  --header 'Authorization: Bearer <access_token>' \\`,
      `  --header 'Content-Type: application/json' \\`,
      `  --data '{"session_id": "cs_live_..."}'`,
      ``,
      `# For subscriptions`,
      `curl --request POST '${api}/subscriptions/confirm-checkout' \\`,
      `  --header 'Authorization: Bearer <access_token>' \\`,
      `  --header 'Content-Type: application/json' \\`,
      `  --data '{"session_id": "cs_live_..."}'`,
    ),
  };
}

type Commands = ReturnType<typeof commands>;

interface Step {
  title: string;
  summary: ReactNode;
  blocks: { code: string; label: string; caption: string }[];
  note?: ReactNode;
}

function C({ children }: { children: ReactNode }) {
  return (
    <code className="rounded box-decoration-clone bg-slate-100 px-1 py-0.5 font-mono text-[0.9em] break-words text-slate-800">
      {children}
    </code>
  );
}

function quickstartSteps(cmd: Commands): Step[] {
  return [
    {
      title: "Create an account",
      summary: <>Sign up with an email and a password. A verification email is sent automatically.</>,
      blocks: [{ code: cmd.signup, label: "signup command", caption: "POST /auth/signup" }],
    },
    {
      title: "Verify the email, headlessly",
      summary: (
        <>
          Read <C>verification_code</C> from the email and send it back. The response carries an{" "}
          <C>access_token</C> and an <C>api_key</C> directly.
        </>
      ),
      blocks: [{ code: cmd.verify, label: "verify-email command", caption: "POST /auth/verify-email" }],
    },
    {
      title: "Tokenize a card with Stripe",
      summary: (
        <>
          Fetch the publishable key, then create a PaymentMethod directly with Stripe. Card data never touches
          Onramp: you get back a <C>payment_method_id</C> such as <C>pm_1Xyz...</C>.
        </>
      ),
      blocks: [
        { code: cmd.stripeConfig, label: "stripe-config command", caption: "GET /billing/stripe-config" },
        {
          code: cmd.paymentMethod,
          label: "Stripe payment method command",
          caption: "POST Stripe /v1/payment_methods",
        },
      ],
      note: (
        <>
          Set <C>STRIPE_API_BASE</C> to the <C>api_base</C> that <C>GET /billing/stripe-config</C> returns
          next to the <C>publishable_key</C>: <C>https://api.stripe.com</C> with real Stripe, the local Stripe
          emulator in test mode.
        </>
      ),
    },
    {
      title: "Fund the wallet or subscribe",
      summary: (
        <>
          Use the <C>payment_method_id</C> to top up a prepaid wallet (option A) or start a plan (option B).
          Call <C>GET /subscriptions/plans</C> first to discover plan ids.
        </>
      ),
      blocks: [
        { code: cmd.fund, label: "wallet fund command", caption: "Option A · POST /wallet/fund" },
        { code: cmd.subscribe, label: "subscribe command", caption: "Option B · POST /subscriptions" },
      ],
      note: (
        <>
          Add an <C>Idempotency-Key</C> header to retry safely: a replay returns the first response instead of
          charging twice. A declined card answers <C>402</C>; a card that needs 3-D Secure answers <C>202</C>{" "}
          <C>requires_action</C> with a link for a human (see{" "}
          <a href="#human-assisted" className="font-medium text-brand-700 underline underline-offset-2">
            below
          </a>
          ).
        </>
      ),
    },
    {
      title: "Generate content",
      summary: (
        <>
          Call the metered generation API with the <C>api_key</C> from step 2. Each request is priced and
          debited from the wallet atomically, and refunded if generation fails.
        </>
      ),
      blocks: [
        { code: cmd.generate, label: "text-to-image command", caption: "POST /api/v6/images/text2img" },
      ],
    },
  ];
}

const features: { title: string; body: string }[] = [
  {
    title: "Exactly-once money",
    body: "An append-only ledger in integer cents. Whichever of the API call, the success page, the webhook or the reconciler sees a payment first credits it, once; retries with the same Idempotency-Key replay instead of charging again.",
  },
  {
    title: "A hand-off that wakes the agent",
    body: "When an agent cannot pay, it forwards a payment link to a human and long-polls. The moment the human finishes Stripe Checkout, the waiting agent is woken with the result.",
  },
  {
    title: "Resumable 3-D Secure",
    body: "A card that needs authentication answers 202 with a page a human can open. The agent waits on the payment's status; nothing is lost if either side drops and comes back.",
  },
  {
    title: "Approvals",
    body: "Teams set a policy for what their agents may buy. Subscriptions and large top-ups wait for an admin to approve them, and the audit log tells agent actions from human ones.",
  },
  {
    title: "Offline test mode",
    body: "With no configuration, Onramp runs an embedded Postgres, a local Stripe emulator and a mail outbox. The whole flow, test cards included, works with no keys and no network.",
  },
];

const flow: { call: string; result: string }[] = [
  { call: "POST /auth/signup", result: "account created, verification email sent" },
  { call: "POST /auth/verify-email", result: "access_token and api_key returned" },
  { call: "POST Stripe /v1/payment_methods", result: "card tokenized; card data stays with Stripe" },
  { call: "POST /wallet/fund or /subscriptions", result: "pay as you go or subscribe, no redirect" },
  { call: "POST /api/v6/images/text2img", result: "generate with the api_key from step 2" },
];

/** The seed's flow diagram; only on wide screens, where the hero has room beside the copy. */
function FlowAtAGlance() {
  return (
    <div className="hidden rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200 lg:block">
      <p id="flow-title" className="text-sm font-semibold text-slate-950">
        The flow at a glance
      </p>
      <ol aria-labelledby="flow-title" className="mt-4 space-y-4">
        {flow.map((item, index) => (
          <li key={item.call} className="flex gap-3">
            <span
              aria-hidden="true"
              className="flex size-6 shrink-0 items-center justify-center rounded-full bg-brand-100 text-xs font-bold text-brand-800"
            >
              {index + 1}
            </span>
            <div className="min-w-0">
              <p className="font-mono text-xs font-medium break-words text-slate-900">{item.call}</p>
              <p className="mt-0.5 text-sm text-slate-600">{item.result}</p>
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}

export default async function LandingPage() {
  const origin = await currentOrigin();
  const cmd = commands(origin);
  const steps = quickstartSteps(cmd);
  const apiBase = `${origin}/api/agents/v1`;

  return (
    <>
      <section
        aria-labelledby="hero-title"
        className="border-b border-slate-200 bg-gradient-to-b from-brand-50 to-white"
      >
        <div className="mx-auto grid max-w-6xl gap-12 px-4 py-16 sm:px-6 sm:py-24 lg:grid-cols-[1fr_24rem] lg:items-center">
          <div className="min-w-0">
            <p className="text-sm font-semibold tracking-wide text-brand-700 uppercase">
              Agent onboarding and billing
            </p>
            <h1
              id="hero-title"
              className="mt-3 max-w-3xl text-4xl font-bold tracking-tight text-balance text-slate-950 sm:text-5xl"
            >
              From zero to generating in five HTTP calls
            </h1>
            <p className="mt-6 max-w-2xl text-lg leading-relaxed text-slate-700">
              Onramp is a self-hostable control plane where an AI agent signs up, verifies its email, pays and
              calls a metered generation API, all without a browser. When the agent cannot pay alone, a human
              finishes the payment in a browser and the result flows straight back to the waiting agent.
            </p>
            <div className="mt-8 flex flex-wrap gap-3">
              <a
                href="#quickstart"
                className="rounded-md bg-brand-700 px-4 py-2.5 text-sm font-semibold text-white shadow-sm hover:bg-brand-800"
              >
                Read the quickstart
              </a>
              <Link
                href="/dashboard"
                prefetch={false}
                className="rounded-md bg-white px-4 py-2.5 text-sm font-semibold text-slate-900 shadow-sm ring-1 ring-slate-300 hover:bg-slate-50"
              >
                Open the dashboard
              </Link>
              <Link
                href="/docs/api"
                prefetch={false}
                className="rounded-md px-4 py-2.5 text-sm font-semibold text-slate-900 hover:bg-slate-100"
              >
                API reference <span aria-hidden="true">→</span>
              </Link>
            </div>
            <div className="mt-10 max-w-2xl">
              <p className="text-sm font-medium text-slate-700">
                Base URL for any ModelsLab Agent Control Plane client
              </p>
              <div className="mt-2 flex min-w-0 items-center gap-2 rounded-lg bg-slate-900 py-1.5 pr-1.5 pl-4">
                <code
                  data-testid="api-base"
                  className="min-w-0 flex-1 truncate font-mono text-sm text-slate-100"
                >
                  {apiBase}
                </code>
                <CopyButton text={apiBase} label="base URL" />
              </div>
            </div>
          </div>
          <FlowAtAGlance />
        </div>
      </section>

      <section aria-labelledby="quickstart-title" id="quickstart">
        <div className="mx-auto max-w-6xl px-4 py-16 sm:px-6">
          <h2 id="quickstart-title" className="text-3xl font-bold tracking-tight text-slate-950">
            Quickstart: five calls, no browser
          </h2>
          <p className="mt-3 max-w-3xl text-slate-700">
            Every command below points at this server, <C>{origin}</C>. Replace the values in angle brackets
            with the ones the previous step returned.
          </p>
          <ol className="mt-10 space-y-12">
            {steps.map((step, index) => (
              <li
                key={step.title}
                data-testid="quickstart-step"
                className="grid gap-4 md:grid-cols-[16rem_1fr] md:gap-8"
              >
                <div className="flex gap-4 md:block">
                  <span
                    aria-hidden="true"
                    className="flex size-9 shrink-0 items-center justify-center rounded-full bg-brand-700 text-sm font-bold text-white"
                  >
                    {index + 1}
                  </span>
                  <div className="min-w-0 md:mt-3">
                    <h3 className="text-lg font-semibold text-slate-950">
                      <span className="sr-only">Step {index + 1}: </span>
                      {step.title}
                    </h3>
                    <p className="mt-1 text-sm leading-relaxed text-slate-700">{step.summary}</p>
                  </div>
                </div>
                <div className="min-w-0 space-y-4">
                  {step.blocks.map((block) => (
                    <CodeBlock
                      key={block.label}
                      code={block.code}
                      label={block.label}
                      caption={block.caption}
                    />
                  ))}
                  {step.note ? <p className="text-sm leading-relaxed text-slate-600">{step.note}</p> : null}
                </div>
              </li>
            ))}
          </ol>
        </div>
      </section>

      <section
        aria-labelledby="human-assisted-title"
        id="human-assisted"
        className="border-y border-slate-200 bg-slate-50"
      >
        <div className="mx-auto grid max-w-6xl gap-8 px-4 py-16 sm:px-6 md:grid-cols-[16rem_1fr]">
          <div>
            <h2 id="human-assisted-title" className="text-2xl font-bold tracking-tight text-slate-950">
              When the agent cannot pay alone
            </h2>
            <p className="mt-3 text-sm leading-relaxed text-slate-700">
              No card, or a card that needs 3-D Secure? The agent creates a Stripe-hosted payment link and
              forwards its <C>payment_url</C> to a human.
            </p>
          </div>
          <div className="min-w-0 space-y-4">
            <CodeBlock
              code={cmd.paymentLink}
              label="payment-link command"
              caption="POST /billing/payment-link"
            />
            <p className="text-sm leading-relaxed text-slate-700">
              The human pays on Stripe Checkout and lands on Onramp's success page, which confirms the payment
              and wakes the agent waiting on the link's status. An agent that was not listening confirms with
              the <C>session_id</C> the human relays; confirming twice is harmless.
            </p>
            <CodeBlock
              code={cmd.confirmCheckout}
              label="confirm-checkout commands"
              caption="POST …/confirm-checkout"
            />
          </div>
        </div>
      </section>

      <section aria-labelledby="features-title">
        <div className="mx-auto max-w-6xl px-4 py-16 sm:px-6">
          <h2 id="features-title" className="text-3xl font-bold tracking-tight text-slate-950">
            Built for money that must not go missing
          </h2>
          <ul className="mt-8 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {features.map((feature) => (
              <li key={feature.title} className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
                <h3 className="font-semibold text-slate-950">{feature.title}</h3>
                <p className="mt-2 text-sm leading-relaxed text-slate-700">{feature.body}</p>
              </li>
            ))}
          </ul>
        </div>
      </section>

      <section aria-labelledby="run-title" className="pb-16">
        <div className="mx-auto max-w-6xl px-4 sm:px-6">
          <div className="grid gap-6 rounded-2xl bg-brand-50 p-6 ring-1 ring-brand-100 sm:p-8 md:grid-cols-2 md:items-center">
            <div>
              <h2 id="run-title" className="text-2xl font-bold tracking-tight text-slate-950">
                Run it yourself
              </h2>
              <p className="mt-3 text-sm leading-relaxed text-slate-700">
                A fresh clone starts with no configuration. Set <C>DATABASE_URL</C>, <C>STRIPE_SECRET_KEY</C>,{" "}
                <C>SMTP_URL</C> or <C>REDIS_URL</C> to switch each part to the real service, with the same
                code path.
              </p>
            </div>
            <div className="min-w-0 space-y-3">
              <CodeBlock code="npm install && npm start" label="install and start command" caption="Start" />
              <CodeBlock code="npm test" label="test command" caption="Test" />
            </div>
          </div>
        </div>
      </section>
    </>
  );
}
