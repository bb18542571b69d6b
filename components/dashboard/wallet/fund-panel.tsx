"use client";

import { type FormEvent, useState } from "react";
import { useInvalidate } from "@/components/dashboard/data/use-resource";
import { attemptId, usd } from "@/components/dashboard/format";
import { useWallet } from "@/components/dashboard/queries";
import type { CardState } from "@/components/dashboard/stripe/card-field";
import {
  NEW_CARD,
  PaymentMethodPicker,
  paymentMethodFor,
  useDefaultMethod,
} from "@/components/dashboard/stripe/payment-method-picker";
import { useElements, useStripe } from "@/components/dashboard/stripe/stripe-elements";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";
import { fundWalletAction, settlePaymentAction } from "@/lib/actions/wallet-actions";
import { dollarsToMinor, formatUsd, usdToMinor } from "@/lib/money";
import { queryKeys } from "@/lib/query/keys";
import { ActionError, unwrap } from "@/lib/query/unwrap";

const PRESETS = [10, 25, 50, 100];

type Phase = "idle" | "paying" | "authenticating";
type Outcome = { tone: "success" | "error" | "info"; text: string } | null;

/**
 * Funds the wallet with a saved card or a new one typed into Stripe's card element. A decline is
 * shown as the bank worded it; 3-D Secure runs in the page (Stripe.js handleNextAction), then the
 * payment is settled on the server, so the balance is right before the page says so.
 */
export function FundPanel() {
  const stripe = useStripe();
  const elements = useElements();
  const reload = useInvalidate();
  const wallet = useWallet();

  const [amount, setAmount] = useState("25");
  const [choice, setChoice] = useState<string | null>(null);
  const [card, setCard] = useState<CardState>({ complete: false, error: null });
  const [phase, setPhase] = useState<Phase>("idle");
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [amountErrors, setAmountErrors] = useState<string[] | undefined>();

  const method = useDefaultMethod(choice);
  const usingNewCard = method === NEW_CARD;
  const minor = usdToMinor(amount.trim().replace(/^\$/, ""));
  const limits = wallet.data?.fund_limits ?? { min: 10, max: 10_000 };

  async function refresh() {
    await Promise.all([
      reload(queryKeys.wallet),
      reload(queryKeys.transactionsAll),
      reload(queryKeys.paymentAttempts),
      reload(queryKeys.cards),
    ]);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setOutcome(null);
    setAmountErrors(undefined);
    if (!stripe) return;
    setPhase("paying");
    try {
      const pm = await paymentMethodFor(stripe, elements, method);
      if ("error" in pm) {
        setOutcome({ tone: "error", text: pm.error });
        return;
      }
      const result = unwrap(
        await fundWalletAction({ amount, payment_method_id: pm.id, attempt_id: attemptId() }),
      );
      if (result.status === "succeeded") {
        setOutcome({
          tone: "success",
          text: `Added ${usd(result.amount)}. Your balance is ${usd(result.balance)}.`,
        });
        if (usingNewCard) elements?.getElement("card")?.clear();
        return;
      }
      if (result.status === "processing") {
        setOutcome({
          tone: "info",
          text: "The payment is processing. The balance updates as soon as it settles.",
        });
        return;
      }
      setPhase("authenticating");
      const challenge = await stripe.handleNextAction({ clientSecret: result.client_secret });
      const settled = unwrap(await settlePaymentAction({ payment_intent_id: result.payment_intent_id }));
      if (settled.status === "succeeded") {
        setOutcome({
          tone: "success",
          text: `Authenticated and added ${usd(settled.amount)}. Your balance is ${usd(settled.balance)}.`,
        });
      } else if (settled.status === "pending" && !challenge.error) {
        setOutcome({
          tone: "info",
          text: "The payment is still being confirmed. The balance updates when it settles.",
        });
      } else {
        setOutcome({
          tone: "error",
          text: challenge.error?.message ?? "The payment was not authenticated, so nothing was charged.",
        });
      }
    } catch (error) {
      if (error instanceof ActionError) setAmountErrors(error.fieldErrors.amount);
      setOutcome({ tone: "error", text: error instanceof Error ? error.message : "The payment failed." });
    } finally {
      setPhase("idle");
      await refresh();
    }
  }

  const busy = phase !== "idle";
  const label =
    phase === "authenticating" ? "Waiting for authentication…" : phase === "paying" ? "Processing…" : null;

  return (
    <Panel
      title="Add money"
      description={`Between ${usd(limits.min)} and ${usd(limits.max)} per payment. A new card is saved for later top-ups.`}
      id="fund"
    >
      <form onSubmit={submit} className="space-y-5" noValidate>
        <div>
          <fieldset className="flex flex-wrap gap-2">
            <legend className="sr-only">Preset amounts</legend>
            {PRESETS.map((preset) => (
              <Button
                key={preset}
                variant={minor === dollarsToMinor(preset) ? "primary" : "secondary"}
                size="sm"
                aria-pressed={minor === dollarsToMinor(preset)}
                onClick={() => setAmount(String(preset))}
              >
                {usd(preset)}
              </Button>
            ))}
          </fieldset>
          <Field
            className="mt-3 max-w-48"
            label="Amount (USD)"
            prefix="$"
            inputMode="decimal"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            errors={amountErrors}
            data-testid="fund-amount"
          />
        </div>

        <PaymentMethodPicker
          value={method}
          onChange={setChoice}
          card={card}
          onCardChange={setCard}
          testIdPrefix="fund"
        />

        <Button
          type="submit"
          disabled={!stripe || (usingNewCard && !card.complete)}
          pending={busy}
          pendingLabel={label ?? undefined}
          data-testid="fund-submit"
        >
          {minor ? `Add ${formatUsd(minor)}` : "Add money"}
        </Button>

        {outcome ? (
          <Notice tone={outcome.tone} data-testid={outcome.tone === "error" ? "fund-error" : "fund-result"}>
            {outcome.text}
          </Notice>
        ) : null}
      </form>
    </Panel>
  );
}
