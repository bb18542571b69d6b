"use client";

import { CardElement, Elements, PaymentElement, useElements, useStripe } from "@stripe/react-stripe-js";
import type { StripeCardElementChangeEvent, StripeElementsOptions } from "@stripe/stripe-js";
import { type FormEvent, useMemo, useState } from "react";
import { getStripe } from "@/components/stripe/load-stripe";

interface IntentAnswer {
  id?: string;
  client_secret?: string;
  status?: string;
  error?: { message: string; code?: string; decline_code?: string };
}

type Outcome =
  | { kind: "idle" }
  | { kind: "working" }
  | { kind: "done"; status: string; id: string }
  | { kind: "error"; message: string };

async function createIntent(body: Record<string, unknown>): Promise<IntentAnswer> {
  const res = await fetch("/dev/stripe-demo/intent", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return (await res.json()) as IntentAnswer;
}

function OutcomeLine({ outcome, prefix }: { outcome: Outcome; prefix: string }) {
  if (outcome.kind === "done") {
    return (
      <p className="text-sm text-emerald-700">
        <span data-testid={`${prefix}-payment-intent`}>{outcome.id}</span>:{" "}
        <strong data-testid={`${prefix}-status`}>{outcome.status}</strong>
      </p>
    );
  }
  if (outcome.kind === "error") {
    return (
      <p className="text-sm text-red-700" data-testid={`${prefix}-error`}>
        {outcome.message}
      </p>
    );
  }
  return null;
}

/** Card Element: createPaymentMethod, then confirmCardPayment / handleNextAction / confirmCardSetup. */
function CardForm() {
  const stripe = useStripe();
  const elements = useElements();
  const [name, setName] = useState("Jenny Rosen");
  const [serverConfirm, setServerConfirm] = useState(false);
  const [cardError, setCardError] = useState<string | null>(null);
  const [cardReady, setCardReady] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>({ kind: "idle" });

  function onCardChange(event: StripeCardElementChangeEvent) {
    setCardError(event.error ? event.error.message : null);
  }

  async function pay(event: FormEvent) {
    event.preventDefault();
    const card = elements?.getElement(CardElement);
    if (!stripe || !card) return;
    setOutcome({ kind: "working" });
    const created = await stripe.createPaymentMethod({ type: "card", card, billing_details: { name } });
    if (created.error) {
      setOutcome({ kind: "error", message: created.error.message ?? "Could not read the card." });
      return;
    }
    const pm = created.paymentMethod.id;
    if (serverConfirm) {
      // The server confirms; the browser only handles 3-D Secure.
      const intent = await createIntent({ payment_method: pm, confirm: true });
      if (intent.error || !intent.client_secret || !intent.id) {
        setOutcome({ kind: "error", message: intent.error?.message ?? "The payment failed." });
        return;
      }
      if (intent.status === "requires_action") {
        const next = await stripe.handleNextAction({ clientSecret: intent.client_secret });
        if (next.error)
          setOutcome({ kind: "error", message: next.error.message ?? "Authentication failed." });
        else setOutcome({ kind: "done", status: next.paymentIntent?.status ?? "unknown", id: intent.id });
        return;
      }
      setOutcome({ kind: "done", status: intent.status ?? "unknown", id: intent.id });
      return;
    }
    const intent = await createIntent({});
    if (!intent.client_secret || !intent.id) {
      setOutcome({ kind: "error", message: intent.error?.message ?? "Could not start the payment." });
      return;
    }
    const result = await stripe.confirmCardPayment(intent.client_secret, { payment_method: pm });
    if (result.error) setOutcome({ kind: "error", message: result.error.message ?? "The payment failed." });
    else setOutcome({ kind: "done", status: result.paymentIntent.status, id: result.paymentIntent.id });
  }

  async function save() {
    const card = elements?.getElement(CardElement);
    if (!stripe || !card) return;
    setOutcome({ kind: "working" });
    const intent = await createIntent({ kind: "setup" });
    if (!intent.client_secret || !intent.id) {
      setOutcome({ kind: "error", message: intent.error?.message ?? "Could not start the setup." });
      return;
    }
    const result = await stripe.confirmCardSetup(intent.client_secret, {
      payment_method: { card, billing_details: { name } },
    });
    if (result.error)
      setOutcome({ kind: "error", message: result.error.message ?? "The card was not saved." });
    else setOutcome({ kind: "done", status: result.setupIntent.status, id: result.setupIntent.id });
  }

  return (
    <form onSubmit={pay} className="mt-6 space-y-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
      <h2 className="font-semibold text-slate-900">Card Element</h2>
      <label className="block text-sm font-medium text-slate-700">
        Name on card
        <input
          className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2"
          value={name}
          onChange={(e) => setName(e.target.value)}
          data-testid="demo-name"
        />
      </label>
      <div data-testid="demo-card" data-ready={cardReady}>
        <CardElement onChange={onCardChange} onReady={() => setCardReady(true)} />
      </div>
      {cardError ? (
        <p className="text-sm text-red-700" data-testid="demo-card-error">
          {cardError}
        </p>
      ) : null}
      <label className="flex items-center gap-2 text-sm text-slate-700">
        <input
          type="checkbox"
          checked={serverConfirm}
          onChange={(e) => setServerConfirm(e.target.checked)}
          data-testid="demo-server-confirm"
        />
        Confirm on the server (then handle 3-D Secure in the browser)
      </label>
      <div className="flex gap-3">
        <button
          type="submit"
          disabled={!stripe || outcome.kind === "working"}
          className="flex-1 rounded-md bg-slate-900 px-4 py-2 font-medium text-white disabled:opacity-50"
          data-testid="demo-pay"
        >
          {outcome.kind === "working" ? "Processing…" : "Pay $25.00"}
        </button>
        <button
          type="button"
          onClick={save}
          disabled={!stripe || outcome.kind === "working"}
          className="rounded-md border border-slate-300 px-4 py-2 font-medium text-slate-800 disabled:opacity-50"
          data-testid="demo-save"
        >
          Save card
        </button>
      </div>
      <OutcomeLine outcome={outcome} prefix="demo" />
    </form>
  );
}

/** Payment Element in deferred mode: elements.submit(), then confirmPayment / confirmSetup. */
function PaymentElementForm({ mode }: { mode: "payment" | "setup" }) {
  const stripe = useStripe();
  const elements = useElements();
  const [redirectAlways, setRedirectAlways] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>({ kind: "idle" });

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!stripe || !elements) return;
    setOutcome({ kind: "working" });
    const submitted = await elements.submit();
    if (submitted.error) {
      setOutcome({ kind: "error", message: submitted.error.message ?? "Check the card details." });
      return;
    }
    const intent = await createIntent(mode === "setup" ? { kind: "setup" } : {});
    if (!intent.client_secret || !intent.id) {
      setOutcome({ kind: "error", message: intent.error?.message ?? "Could not start." });
      return;
    }
    const confirmParams = { return_url: `${window.location.origin}/dev/stripe-demo` };
    if (mode === "setup") {
      const result = redirectAlways
        ? await stripe.confirmSetup({ elements, clientSecret: intent.client_secret, confirmParams })
        : await stripe.confirmSetup({
            elements,
            clientSecret: intent.client_secret,
            confirmParams,
            redirect: "if_required",
          });
      if (result.error)
        setOutcome({ kind: "error", message: result.error.message ?? "The card was not saved." });
      else setOutcome({ kind: "done", status: result.setupIntent.status, id: result.setupIntent.id });
      return;
    }
    const result = redirectAlways
      ? await stripe.confirmPayment({ elements, clientSecret: intent.client_secret, confirmParams })
      : await stripe.confirmPayment({
          elements,
          clientSecret: intent.client_secret,
          confirmParams,
          redirect: "if_required",
        });
    if (result.error) setOutcome({ kind: "error", message: result.error.message ?? "The payment failed." });
    else setOutcome({ kind: "done", status: result.paymentIntent.status, id: result.paymentIntent.id });
  }

  const prefix = mode === "setup" ? "pe-setup" : "pe";
  return (
    <form
      onSubmit={submit}
      className="mt-6 space-y-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
    >
      <h2 className="font-semibold text-slate-900">Payment Element ({mode})</h2>
      <div data-testid={`${prefix}-element`}>
        <PaymentElement />
      </div>
      <label className="flex items-center gap-2 text-sm text-slate-700">
        <input
          type="checkbox"
          checked={redirectAlways}
          onChange={(e) => setRedirectAlways(e.target.checked)}
          data-testid={`${prefix}-redirect`}
        />
        Redirect to return_url afterwards
      </label>
      <button
        type="submit"
        disabled={!stripe || outcome.kind === "working"}
        className="w-full rounded-md bg-slate-900 px-4 py-2 font-medium text-white disabled:opacity-50"
        data-testid={`${prefix}-submit`}
      >
        {mode === "setup" ? "Save card" : "Pay $25.00"}
      </button>
      <OutcomeLine outcome={outcome} prefix={prefix} />
    </form>
  );
}

const PAYMENT_OPTIONS: StripeElementsOptions = { mode: "payment", amount: 2500, currency: "usd" };
const SETUP_OPTIONS: StripeElementsOptions = { mode: "setup", currency: "usd" };

export function StripeDemo({
  publishableKey,
  standInScriptUrl,
}: {
  publishableKey: string;
  standInScriptUrl: string | null;
}) {
  const stripePromise = useMemo(
    () => getStripe(publishableKey, standInScriptUrl),
    [publishableKey, standInScriptUrl],
  );
  return (
    <>
      <Elements stripe={stripePromise}>
        <CardForm />
      </Elements>
      <Elements stripe={stripePromise} options={PAYMENT_OPTIONS}>
        <PaymentElementForm mode="payment" />
      </Elements>
      <Elements stripe={stripePromise} options={SETUP_OPTIONS}>
        <PaymentElementForm mode="setup" />
      </Elements>
    </>
  );
}
