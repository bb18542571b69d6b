"use client";

import type { Stripe, StripeElements } from "@stripe/stripe-js";
import { useId } from "react";
import { useCards } from "@/components/dashboard/queries";
import { CardError, CardField, type CardState } from "./card-field";

export const NEW_CARD = "new";

/** The saved card the picker starts on: the default, else the first, else a new card. */
export function useDefaultMethod(choice: string | null): string {
  const cards = useCards();
  const saved = cards.data ?? [];
  return choice ?? saved.find((c) => c.is_default)?.id ?? saved[0]?.id ?? NEW_CARD;
}

/**
 * "Pay with": the account's saved cards, or a new card typed into Stripe's card element. Used by
 * the wallet and the plans pages alike.
 */
export function PaymentMethodPicker({
  value,
  onChange,
  card,
  onCardChange,
  testIdPrefix,
}: {
  value: string;
  onChange: (id: string) => void;
  card: CardState;
  onCardChange: (state: CardState) => void;
  testIdPrefix: string;
}) {
  const group = useId();
  const cards = useCards();
  const saved = cards.data ?? [];
  return (
    <div className="space-y-3">
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Pay with</legend>
        <div className="mt-2 space-y-2">
          {saved.map((c) => (
            <label
              key={c.id}
              className="flex cursor-pointer flex-wrap items-center gap-x-3 gap-y-1 rounded-md border border-slate-200 px-3 py-2 text-sm has-checked:border-slate-900"
            >
              <input
                type="radio"
                name={`${group}-method`}
                value={c.id}
                checked={value === c.id}
                onChange={() => onChange(c.id)}
              />
              <span className="capitalize">{c.brand}</span>
              <span className="font-mono">•••• {c.last4}</span>
              <span className="text-slate-600">
                expires {String(c.exp_month).padStart(2, "0")}/{String(c.exp_year).slice(-2)}
              </span>
              {c.is_default ? <span className="ml-auto text-xs text-slate-600">Default</span> : null}
            </label>
          ))}
          <label className="flex cursor-pointer items-center gap-3 rounded-md border border-slate-200 px-3 py-2 text-sm has-checked:border-slate-900">
            <input
              type="radio"
              name={`${group}-method`}
              value={NEW_CARD}
              checked={value === NEW_CARD}
              onChange={() => onChange(NEW_CARD)}
              data-testid={`${testIdPrefix}-new-card`}
            />
            A new card
          </label>
        </div>
      </fieldset>
      {value === NEW_CARD ? (
        <div>
          <CardField onChange={onCardChange} testId={`${testIdPrefix}-card`} />
          <CardError message={card.error} />
        </div>
      ) : null}
    </div>
  );
}

/** The pm_… id to pay with: the saved card's, or a new PaymentMethod made from the card element. */
export async function paymentMethodFor(
  stripe: Stripe,
  elements: StripeElements | null,
  value: string,
): Promise<{ id: string } | { error: string }> {
  if (value !== NEW_CARD) return { id: value };
  const element = elements?.getElement("card");
  if (!element) return { error: "The card form is not ready yet." };
  const created = await stripe.createPaymentMethod({ type: "card", card: element });
  if (created.error) return { error: created.error.message ?? "The card details are not valid." };
  return { id: created.paymentMethod.id };
}
