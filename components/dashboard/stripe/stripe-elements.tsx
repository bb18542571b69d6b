"use client";

import { Elements } from "@stripe/react-stripe-js";
import type { Stripe } from "@stripe/stripe-js";
import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from "react";
import { getStripe } from "@/components/stripe/load-stripe";
import type { StripeBrowserConfig } from "@/lib/payments/stripe-browser";

type LoadState = "loading" | "ready" | "failed";
const LoadStateContext = createContext<LoadState>("loading");

/** Whether Stripe.js loaded: forms say so instead of waiting forever when it cannot. */
export const useStripeLoadState = () => useContext(LoadStateContext);

/**
 * Stripe.js for the dashboard's card forms: Stripe's own script with real keys, the emulator's
 * stand-in in local mode (components/stripe/load-stripe.ts), then the same <Elements> either way.
 */
export function StripeElements({ config, children }: { config: StripeBrowserConfig; children: ReactNode }) {
  const [state, setState] = useState<LoadState>("loading");
  const stripePromise = useMemo<Promise<Stripe | null>>(
    () => getStripe(config.publishableKey, config.standInScriptUrl).catch(() => null),
    [config.publishableKey, config.standInScriptUrl],
  );
  useEffect(() => {
    let live = true;
    stripePromise.then((stripe) => live && setState(stripe ? "ready" : "failed"));
    return () => {
      live = false;
    };
  }, [stripePromise]);
  return (
    <LoadStateContext.Provider value={state}>
      <Elements stripe={stripePromise}>{children}</Elements>
    </LoadStateContext.Provider>
  );
}
