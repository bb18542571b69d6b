"use client";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { useInvalidate } from "@/components/dashboard/data/use-resource";
import { attemptId, formatDate } from "@/components/dashboard/format";
import type { CardState } from "@/components/dashboard/stripe/card-field";
import {
  NEW_CARD,
  PaymentMethodPicker,
  paymentMethodFor,
  useDefaultMethod,
} from "@/components/dashboard/stripe/payment-method-picker";
/**
 * Subscribing and switching plan: the only parts of the plans page that need Stripe.js (a card
 * form, 3-D Secure). The page loads this module, Stripe Elements with it, when a plan is chosen.
 */
import { StripeElements, useElements, useStripe } from "@/components/dashboard/stripe/stripe-elements";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";
import { Skeleton } from "@/components/ui/skeleton";
import { changePlanAction, previewPlanChangeAction, subscribeAction } from "@/lib/actions/plan-actions";
import type { PlanChangeEstimate } from "@/lib/actions/plan-handlers";
import { formatUsd } from "@/lib/money";
import type { StripeBrowserConfig } from "@/lib/payments/stripe-browser";
import { queryKeys } from "@/lib/query/keys";
import type { SubscriptionData } from "@/lib/query/loaders";
import { unwrap } from "@/lib/query/unwrap";
import type { Plan } from "@/lib/subscriptions/plans";
import { per } from "./period";
import { finishPlanPayment, type Outcome } from "./plan-flows";

interface PanelProps {
  plan: Plan;
  onClose: () => void;
  onDone: (o: Outcome) => void;
}

export function SubscribeCheckout({
  stripeConfig,
  ...props
}: PanelProps & { stripeConfig: StripeBrowserConfig }) {
  return (
    <StripeElements config={stripeConfig}>
      <SubscribePanel {...props} />
    </StripeElements>
  );
}

export function ChangeCheckout({
  stripeConfig,
  ...props
}: PanelProps & { subscription: SubscriptionData; stripeConfig: StripeBrowserConfig }) {
  return (
    <StripeElements config={stripeConfig}>
      <ChangePanel {...props} />
    </StripeElements>
  );
}

function useFocusOnMount() {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.scrollIntoView({ block: "nearest" });
    ref.current?.focus();
  }, []);
  return ref;
}

function SubscribePanel({ plan, onClose, onDone }: PanelProps) {
  const stripe = useStripe();
  const elements = useElements();
  const reload = useInvalidate();
  const ref = useFocusOnMount();
  const [choice, setChoice] = useState<string | null>(null);
  const [card, setCard] = useState<CardState>({ complete: false, error: null });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const method = useDefaultMethod(choice);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!stripe) return;
    setBusy(true);
    setError(null);
    try {
      const pm = await paymentMethodFor(stripe, elements, method);
      if ("error" in pm) {
        setError(pm.error);
        return;
      }
      const result = unwrap(
        await subscribeAction({ plan_id: plan.id, payment_method_id: pm.id, attempt_id: attemptId() }),
      );
      const done = await finishPlanPayment(
        stripe,
        result,
        `Subscribed to ${plan.name}. ${plan.apiCallLimit.toLocaleString("en-US")} calls are included each ${per(plan)}.`,
      );
      if (done?.tone === "error") setError(done.text);
      else onDone(done);
    } catch (e) {
      setError(e instanceof Error ? e.message : "The subscription failed.");
    } finally {
      setBusy(false);
      await Promise.all([reload(queryKeys.subscriptions), reload(queryKeys.cards)]);
    }
  }

  return (
    <div ref={ref} tabIndex={-1} className="focus:outline-none">
      <Panel
        title={`Subscribe to ${plan.name}`}
        description={`${formatUsd(plan.priceMinor)} now, then every ${per(plan)} until you cancel.`}
        id="subscribe"
      >
        <form onSubmit={submit} className="space-y-4" noValidate>
          <PaymentMethodPicker
            value={method}
            onChange={setChoice}
            card={card}
            onCardChange={setCard}
            testIdPrefix="subscribe"
          />
          <div className="flex flex-wrap gap-2">
            <Button
              type="submit"
              disabled={!stripe || (method === NEW_CARD && !card.complete)}
              pending={busy}
              pendingLabel="Subscribing…"
              data-testid="subscribe-confirm"
            >
              Subscribe for {formatUsd(plan.priceMinor)}/{per(plan)}
            </Button>
            <Button variant="secondary" onClick={onClose}>
              Not now
            </Button>
          </div>
          {error ? (
            <Notice tone="error" data-testid="subscribe-error">
              {error}
            </Notice>
          ) : null}
        </form>
      </Panel>
    </div>
  );
}

function ChangePanel({
  plan,
  subscription,
  onClose,
  onDone,
}: PanelProps & { subscription: SubscriptionData }) {
  const stripe = useStripe();
  const reload = useInvalidate();
  const ref = useFocusOnMount();
  const [preview, setPreview] = useState<PlanChangeEstimate | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    previewPlanChangeAction({ subscription_id: subscription.id, new_plan_id: plan.id }).then((r) => {
      if (!live) return;
      if (r.ok) setPreview(r.data);
      else setError(r.message);
    });
    return () => {
      live = false;
    };
  }, [subscription.id, plan.id]);

  async function confirm() {
    if (!stripe) return;
    setBusy(true);
    setError(null);
    try {
      const result = unwrap(
        await changePlanAction({
          subscription_id: subscription.id,
          new_plan_id: plan.id,
          attempt_id: attemptId(),
        }),
      );
      const done = await finishPlanPayment(stripe, result, result.message || `Switched to ${plan.name}.`);
      if (done?.tone === "error") setError(done.text);
      else onDone(done);
    } catch (e) {
      setError(e instanceof Error ? e.message : "The plan change failed.");
    } finally {
      setBusy(false);
      await reload(queryKeys.subscriptions);
    }
  }

  return (
    <div ref={ref} tabIndex={-1} className="focus:outline-none">
      <Panel
        title={`Switch to ${plan.name}`}
        description={`From ${subscription.plan?.name ?? "your current plan"}.`}
        id="change-plan"
      >
        {preview ? (
          <div className="space-y-2 text-sm text-slate-800" data-testid="proration">
            {preview.dueNowMinor > 0 ? (
              <p>
                About <strong data-testid="proration-due">{formatUsd(preview.dueNowMinor)}</strong> is charged
                now to your default card
                {preview.restartsPeriod
                  ? " (a new billing period starts today, with the unused time credited)"
                  : " for the rest of this period"}
                .
              </p>
            ) : (
              <p>
                Nothing is charged now; about{" "}
                <strong data-testid="proration-credit">{formatUsd(preview.creditMinor)}</strong> of unused
                time is credited to your next invoices.
              </p>
            )}
            <p>
              Then {formatUsd(preview.nextRenewalMinor)} every {per(preview.toPlan)} from{" "}
              {formatDate(preview.nextRenewalAt)}.
            </p>
            <p className="text-xs text-slate-600">
              An estimate: Stripe prorates to the second when you confirm. Calls already used this period
              still count.
            </p>
          </div>
        ) : error ? null : (
          <Skeleton className="h-16" />
        )}
        <div className="mt-4 flex flex-wrap gap-2">
          <Button
            onClick={confirm}
            disabled={!preview || !stripe}
            pending={busy}
            pendingLabel="Switching…"
            data-testid="change-confirm"
          >
            Confirm the switch to {plan.name}
          </Button>
          <Button variant="secondary" onClick={onClose}>
            Keep {subscription.plan?.name ?? "the current plan"}
          </Button>
        </div>
        {error ? (
          <Notice tone="error" className="mt-3" data-testid="change-error">
            {error}
          </Notice>
        ) : null}
      </Panel>
    </div>
  );
}
