"use client";

import type { StripeCardElementChangeEvent } from "@stripe/stripe-js";
import { useEffect, useId, useRef } from "react";
import { Notice } from "@/components/ui/notice";
import { useElements, useStripeLoadState } from "./stripe-elements";

export interface CardState {
  complete: boolean;
  error: string | null;
}

/**
 * The card number, expiry, CVC and postcode, typed into Stripe's iframe: the numbers never reach
 * Onramp's page or server, only the pm_… id Stripe returns.
 */
export function CardField({ onChange, testId }: { onChange: (state: CardState) => void; testId?: string }) {
  const id = useId();
  const loadState = useStripeLoadState();
  const handle = (event: StripeCardElementChangeEvent) =>
    onChange({ complete: event.complete, error: event.error?.message ?? null });
  if (loadState === "failed") {
    return (
      <Notice tone="error" data-testid="stripe-unavailable">
        Card entry is unavailable: Stripe.js could not be loaded. Check your connection and reload the page.
      </Notice>
    );
  }
  return (
    <fieldset>
      <legend id={`${id}-label`} className="text-sm font-medium text-slate-800">
        Card details
      </legend>
      <div
        className="mt-1 rounded-md border border-slate-300 bg-white px-3 py-2.5 focus-within:border-brand-600 focus-within:ring-2 focus-within:ring-brand-200"
        data-testid={testId}
      >
        {loadState === "loading" ? <p className="text-sm text-slate-600">Loading secure card form…</p> : null}
        <CardMount onChange={handle} />
      </div>
    </fieldset>
  );
}

export function CardError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p className="mt-1 text-sm text-red-700" data-testid="card-error">
      {message}
    </p>
  );
}

/**
 * Stripe's card element, mounted into this div once Stripe.js is ready and destroyed with it; the
 * form reads it back with `elements.getElement("card")`.
 */
function CardMount({ onChange }: { onChange: (event: StripeCardElementChangeEvent) => void }) {
  const elements = useElements();
  const target = useRef<HTMLDivElement>(null);
  // The latest handler, without remounting Stripe's iframe each render.
  const handler = useRef(onChange);
  handler.current = onChange;
  useEffect(() => {
    if (!elements || !target.current) return;
    const card = elements.create("card", { hidePostalCode: false });
    card.on("change", (event) => handler.current(event));
    card.mount(target.current);
    return () => card.destroy();
  }, [elements]);
  return <div ref={target} />;
}
