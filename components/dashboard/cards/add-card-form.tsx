"use client";

import { type FormEvent, useState } from "react";
import { useInvalidate } from "@/components/dashboard/data/use-resource";
import { CardError, CardField, type CardState } from "@/components/dashboard/stripe/card-field";
import { useElements, useStripe } from "@/components/dashboard/stripe/stripe-elements";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";
import { saveCardAction, startCardSetupAction } from "@/lib/actions/card-actions";
import { queryKeys } from "@/lib/query/keys";
import { unwrap } from "@/lib/query/unwrap";

type Outcome = { tone: "success" | "error"; text: string } | null;

/**
 * Saves a card through a SetupIntent (Stripe.js confirmCardSetup, 3-D Secure included when the bank
 * asks), so later charges — top-ups, auto-recharge, subscriptions — can run without the person.
 */
export function AddCardForm() {
  const stripe = useStripe();
  const elements = useElements();
  const reload = useInvalidate();
  const [card, setCard] = useState<CardState>({ complete: false, error: null });
  const [makeDefault, setMakeDefault] = useState(true);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const element = elements?.getElement("card");
    if (!stripe || !element) return;
    setBusy(true);
    setOutcome(null);
    try {
      const setup = unwrap(await startCardSetupAction());
      const confirmed = await stripe.confirmCardSetup(setup.client_secret, {
        payment_method: { card: element },
      });
      if (confirmed.error) {
        setOutcome({ tone: "error", text: confirmed.error.message ?? "The card could not be saved." });
        return;
      }
      const pm = confirmed.setupIntent.payment_method;
      const id = typeof pm === "string" ? pm : pm?.id;
      if (!id) throw new Error("Stripe did not return the saved card.");
      const saved = unwrap(await saveCardAction({ payment_method_id: id, make_default: makeDefault }));
      element.clear();
      setOutcome({
        tone: "success",
        text: `Saved ${saved.brand} •••• ${saved.last4}${saved.is_default ? " as your default card" : ""}.`,
      });
      await reload(queryKeys.cards);
    } catch (error) {
      setOutcome({
        tone: "error",
        text: error instanceof Error ? error.message : "The card could not be saved.",
      });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Panel
      title="Add a card"
      description="Card details go straight to Stripe; Onramp stores only the brand, last four digits and expiry."
      id="add-card"
    >
      <form onSubmit={submit} className="space-y-4" noValidate>
        <div>
          <CardField onChange={setCard} testId="add-card-element" />
          <CardError message={card.error} />
        </div>
        <label className="flex items-center gap-2 text-sm text-slate-800">
          <input type="checkbox" checked={makeDefault} onChange={(e) => setMakeDefault(e.target.checked)} />
          Make it the default card (used by auto-recharge and agents' top-ups)
        </label>
        <Button
          type="submit"
          disabled={!stripe || !card.complete}
          pending={busy}
          pendingLabel="Saving…"
          data-testid="add-card-submit"
        >
          Save card
        </Button>
        {outcome ? (
          <Notice
            tone={outcome.tone}
            data-testid={outcome.tone === "error" ? "add-card-error" : "add-card-result"}
          >
            {outcome.text}
          </Notice>
        ) : null}
      </form>
    </Panel>
  );
}
