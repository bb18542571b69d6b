"use client";

import dynamic from "next/dynamic";
import { useState } from "react";
import { useSubscriptions } from "@/components/dashboard/queries";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";
import { Skeleton } from "@/components/ui/skeleton";
import { formatUsd } from "@/lib/money";
import type { StripeBrowserConfig } from "@/lib/payments/stripe-browser";
import type { SubscriptionData } from "@/lib/query/loaders";
import type { Plan } from "@/lib/subscriptions/plans";
import { per } from "./period";
import type { Outcome } from "./plan-flows";
import { isLive, SubscriptionCard } from "./subscription-card";

// Stripe Elements and the checkout forms load when a plan is chosen, not with the page.
const loading = () => <Skeleton className="h-40" />;
const SubscribeCheckout = dynamic(() => import("./plan-checkout").then((m) => m.SubscribeCheckout), {
  loading,
});
const ChangeCheckout = dynamic(() => import("./plan-checkout").then((m) => m.ChangeCheckout), { loading });

const CATEGORY: Record<string, string> = { imagen: "Image generation", enterprise: "Enterprise" };

type Selection =
  | { kind: "subscribe"; plan: Plan }
  | { kind: "change"; plan: Plan; subscription: SubscriptionData };

/** Compare plans, subscribe with a card, or switch plan after seeing the prorated estimate. */
export function PlansView({ plans, stripeConfig }: { plans: Plan[]; stripeConfig: StripeBrowserConfig }) {
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
        <SubscribeCheckout
          key={selection.plan.id}
          stripeConfig={stripeConfig}
          plan={selection.plan}
          onClose={() => setSelection(null)}
          onDone={(o) => {
            setOutcome(o);
            if (o?.tone !== "error") setSelection(null);
          }}
        />
      ) : null}
      {selection?.kind === "change" ? (
        <ChangeCheckout
          key={`${selection.subscription.id}-${selection.plan.id}`}
          stripeConfig={stripeConfig}
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
