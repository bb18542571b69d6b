"use client";

import type { StripeElements as Elements, Stripe } from "@stripe/stripe-js";
import { createContext, type ReactNode, useContext, useEffect, useState } from "react";
import { getStripe } from "@/components/stripe/load-stripe";
import type { StripeBrowserConfig } from "@/lib/payments/stripe-browser";

type LoadState = "loading" | "ready" | "failed";

interface StripeState {
  state: LoadState;
  stripe: Stripe | null;
  elements: Elements | null;
}

const StripeContext = createContext<StripeState>({ state: "loading", stripe: null, elements: null });

/** Stripe.js, once loaded (null before, and when it cannot load). */
export const useStripe = () => useContext(StripeContext).stripe;
/** The Elements group the card fields of this form belong to (null until Stripe.js is loaded). */
export const useElements = () => useContext(StripeContext).elements;
/** Whether Stripe.js loaded: forms say so instead of waiting forever when it cannot. */
export const useStripeLoadState = () => useContext(StripeContext).state;

/**
 * Stripe.js for the dashboard's card forms: Stripe's own script with real keys, the emulator's
 * stand-in in local mode (components/stripe/load-stripe.ts), and one Elements group for the form
 * inside. The dashboard needs only this and the card field (card-field.tsx), a few lines that
 * replace @stripe/react-stripe-js in the payment pages' bundles.
 */
export function StripeElements({ config, children }: { config: StripeBrowserConfig; children: ReactNode }) {
  const [value, setValue] = useState<StripeState>({ state: "loading", stripe: null, elements: null });
  useEffect(() => {
    let live = true;
    getStripe(config.publishableKey, config.standInScriptUrl)
      .catch(() => null)
      .then((stripe) => {
        if (!live) return;
        setValue(
          stripe
            ? { state: "ready", stripe, elements: stripe.elements() }
            : { state: "failed", stripe: null, elements: null },
        );
      });
    return () => {
      live = false;
    };
  }, [config.publishableKey, config.standInScriptUrl]);
  return <StripeContext.Provider value={value}>{children}</StripeContext.Provider>;
}
