"use client";

import { useElements, useStripe } from "@stripe/react-stripe-js";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { useInvalidate } from "@/components/dashboard/data/use-resource";
import { attemptId, formatDate } from "@/components/dashboard/format";
import { useSubscriptions } from "@/components/dashboard/queries";
import type { CardState } from "@/components/dashboard/stripe/card-field";
import {
  NEW_CARD,
  PaymentMethodPicker,
  paymentMethodFor,
  useDefaultMethod,
} from "@/components/dashboard/stripe/payment-method-picker";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";
import { Skeleton } from "@/components/ui/skeleton";
import { changePlanAction, previewPlanChangeAction, subscribeAction } from "@/lib/actions/plan-actions";
import type { PlanChangeEstimate } from "@/lib/actions/plan-handlers";
import { formatUsd } from "@/lib/money";
import { queryKeys } from "@/lib/query/keys";
import type { SubscriptionData } from "@/lib/query/loaders";
import { unwrap } from "@/lib/query/unwrap";
import type { Plan } from "@/lib/subscriptions/plans";
import { finishPlanPayment, type Outcome } from "./plan-flows";
import { isLive, SubscriptionCard } from "./subscription-card";

const CATEGORY: Record<string, string> = { imagen: "Image generation", enterprise: "Enterprise" };
const per = (p: Pick<Plan, "period">) => (p.period === "yearly" ? "year" : "month");

type Selection =
  | { kind: "subscribe"; plan: Plan }
  | { kind: "change"; plan: Plan; subscription: SubscriptionData };

/** Compare plans, subscribe with a card, or switch plan after seeing the prorated estimate. */
export function PlansView({ plans }: { plans: Plan[] }) {
  const subscriptions = useSubscriptions();
  const [selection, setSelection] = useState<Selection | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const live = (subscriptions.data ?? []).filter(isLive);
  const categories = [...new Set(plans.map((p) => p.category))];

  return (
    <div className="space-y-6">
      <Panel title="Your plan" id="current-plan">
        {subscriptions.isPending ? (
          <Skeleton className="h-24" />
        ) : subscriptions.isError ? (
          <Notice tone="error">Could not load your subscriptions: {subscriptions.error.message}</Notice>
        ) : live.length === 0 ? (
          <p className="text-sm text-slate-700" data-testid="no-plan">
            No plan: generation is paid from the wallet as you go. A plan includes a number of calls each
            period; once they are used, the wallet pays for the rest.
          </p>
        ) : (
          <div className="space-y-3">
            {live.map((s) => (
              <SubscriptionCard key={s.id} subscription={s} />
            ))}
          </div>
        )}
        {outcome ? (
          <Notice
            tone={outcome.tone}
            className="mt-3"
            data-testid={outcome.tone === "error" ? "plan-error" : "plan-result"}
          >
            {outcome.text}
          </Notice>
        ) : null}
      </Panel>

      {categories.map((category) => {
        const current = live.find((s) => s.category === category);
        return (
          <section key={category} aria-labelledby={`plans-${category}`}>
            <h2 id={`plans-${category}`} className="mb-3 text-lg font-semibold text-slate-950">
              {CATEGORY[category] ?? category} plans
            </h2>
            <ul className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
              {plans
                .filter((p) => p.category === category)
                .map((plan) => {
                  const isCurrent = current?.planId === plan.id;
                  return (
                    <li
                      key={plan.id}
                      className={`flex flex-col rounded-lg border bg-white p-4 shadow-xs ${isCurrent ? "border-slate-900" : "border-slate-200"}`}
                      data-testid={`plan-${plan.id}`}
                    >
                      <div className="flex items-baseline justify-between gap-2">
                        <h3 className="font-semibold text-slate-950">{plan.name}</h3>
                        {isCurrent ? <Badge tone="brand">Current plan</Badge> : null}
                      </div>
                      <p className="mt-1">
                        <span className="text-2xl font-semibold text-slate-950">
                          {formatUsd(plan.priceMinor)}
                        </span>
                        <span className="text-sm text-slate-600"> / {per(plan)}</span>
                      </p>
                      <p className="mt-1 text-sm text-slate-700">{plan.description}</p>
                      <ul className="mt-3 flex-1 space-y-1 text-sm text-slate-700">
                        {plan.features.map((f) => (
                          <li key={f} className="flex gap-2">
                            <span aria-hidden="true" className="text-brand-700">
                              ✓
                            </span>
                            {f}
                          </li>
                        ))}
                      </ul>
                      {isCurrent ? null : (
                        <Button
                          className="mt-4"
                          variant={current ? "secondary" : "primary"}
                          onClick={() => {
                            setOutcome(null);
                            setSelection(
                              current && current.status !== "incomplete"
                                ? { kind: "change", plan, subscription: current }
                                : { kind: "subscribe", plan },
                            );
                          }}
                          data-testid={`plan-${plan.id}-choose`}
                        >
                          {current && current.status !== "incomplete"
                            ? `Switch to ${plan.name}`
                            : `Subscribe to ${plan.name}`}
                        </Button>
                      )}
                    </li>
                  );
                })}
            </ul>
          </section>
        );
      })}

      {selection?.kind === "subscribe" ? (
        <SubscribePanel
          key={selection.plan.id}
          plan={selection.plan}
          onClose={() => setSelection(null)}
          onDone={(o) => {
            setOutcome(o);
            if (o?.tone !== "error") setSelection(null);
          }}
        />
      ) : null}
      {selection?.kind === "change" ? (
        <ChangePanel
          key={`${selection.subscription.id}-${selection.plan.id}`}
          plan={selection.plan}
          subscription={selection.subscription}
          onClose={() => setSelection(null)}
          onDone={(o) => {
            setOutcome(o);
            if (o?.tone !== "error") setSelection(null);
          }}
        />
      ) : null}
    </div>
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

function SubscribePanel({
  plan,
  onClose,
  onDone,
}: {
  plan: Plan;
  onClose: () => void;
  onDone: (o: Outcome) => void;
}) {
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
}: {
  plan: Plan;
  subscription: SubscriptionData;
  onClose: () => void;
  onDone: (o: Outcome) => void;
}) {
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
