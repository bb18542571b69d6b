"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { getStripe } from "@/components/stripe/load-stripe";

/**
 * Runs the card issuer's challenge in place with Stripe.js (`handleNextAction`), then reloads the
 * page, whose server side re-reads the PaymentIntent and credits the wallet.
 */
export function AuthenticateButton(props: {
  clientSecret: string;
  publishableKey: string;
  standInScriptUrl: string | null;
}) {
  const router = useRouter();
  const [state, setState] = useState<"idle" | "working" | "error">("idle");
  const [message, setMessage] = useState<string | null>(null);

  async function authenticate() {
    setState("working");
    setMessage(null);
    try {
      const stripe = await getStripe(props.publishableKey, props.standInScriptUrl);
      if (!stripe) throw new Error("Stripe.js could not be loaded.");
      const result = await stripe.handleNextAction({ clientSecret: props.clientSecret });
      if (result.error) {
        setState("error");
        setMessage(result.error.message ?? "Authentication failed.");
      }
      router.refresh();
      if (!result.error) setState("idle");
    } catch (error) {
      setState("error");
      setMessage(error instanceof Error ? error.message : "Authentication could not start.");
    }
  }

  return (
    <div className="mt-6">
      <button
        type="button"
        onClick={authenticate}
        disabled={state === "working"}
        className="inline-flex w-full items-center justify-center rounded-md bg-slate-900 px-4 py-2.5 text-sm font-semibold text-white hover:bg-slate-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-slate-900 disabled:opacity-60"
      >
        {state === "working" ? "Waiting for your bank…" : "Authenticate payment"}
      </button>
      {message ? (
        <p className="mt-3 text-sm text-rose-700" data-testid="authenticate-error">
          {message}
        </p>
      ) : null}
    </div>
  );
}
