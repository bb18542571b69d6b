import Link from "next/link";
import type { ReactNode } from "react";
import { formatUsd } from "@/lib/money";
import type { HumanPaymentView } from "@/lib/wallet/human-payment";

const copy: Record<HumanPaymentView["status"], { title: string; body: string; tone: string }> = {
  succeeded: {
    title: "Payment complete",
    body: "The wallet has been credited. Your agent has been notified and can carry on — you can close this page.",
    tone: "border-emerald-200 bg-emerald-50 text-emerald-900",
  },
  requires_action: {
    title: "Authentication needed",
    body: "Your bank asks you to confirm this payment. Continue to complete the 3-D Secure check.",
    tone: "border-amber-200 bg-amber-50 text-amber-900",
  },
  processing: {
    title: "Payment processing",
    body: "Your bank is still processing the payment. Your agent will see the result as soon as it settles.",
    tone: "border-sky-200 bg-sky-50 text-sky-900",
  },
  failed: {
    title: "Payment failed",
    body: "The payment was not authorised and nothing was charged. Your agent has been told; it can try again or ask for another card.",
    tone: "border-rose-200 bg-rose-50 text-rose-900",
  },
  canceled: {
    title: "Payment canceled",
    body: "This payment was canceled and nothing was charged.",
    tone: "border-slate-200 bg-slate-50 text-slate-900",
  },
};

const SUBSCRIPTION_SUCCEEDED =
  "The subscription payment went through and the plan is active. Your agent has been notified and can carry on — you can close this page.";

export function PaymentResult({ payment, action }: { payment: HumanPaymentView; action?: ReactNode }) {
  const base = copy[payment.status];
  const c =
    payment.purpose === "subscription" && payment.status === "succeeded"
      ? { ...base, body: SUBSCRIPTION_SUCCEEDED }
      : base;
  return (
    <section className="mx-auto max-w-lg px-4 py-12 sm:px-6">
      <p className="text-sm font-medium text-slate-500">
        {payment.purpose === "subscription" ? "Subscription payment" : "Wallet funding"} for an Onramp agent
      </p>
      <h1 className="mt-1 text-2xl font-semibold tracking-tight">{c.title}</h1>
      <dl className="mt-6 grid grid-cols-2 gap-3 rounded-lg border border-slate-200 p-4 text-sm">
        <dt className="text-slate-500">Amount</dt>
        <dd className="text-right font-medium" data-testid="payment-amount">
          {formatUsd(payment.amountMinor)} {payment.currency.toUpperCase()}
        </dd>
        <dt className="text-slate-500">Payment</dt>
        <dd className="truncate text-right font-mono text-xs">{payment.id}</dd>
      </dl>
      <p className={`mt-6 rounded-lg border p-4 text-sm ${c.tone}`} data-testid="payment-status">
        {c.body}
      </p>
      {action}
      {payment.challengeUrl ? (
        <a
          href={payment.challengeUrl}
          className={
            action
              ? "mt-4 inline-block text-sm font-medium text-slate-700 underline underline-offset-4"
              : "mt-6 inline-flex w-full items-center justify-center rounded-md bg-slate-900 px-4 py-2.5 text-sm font-semibold text-white hover:bg-slate-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-slate-900"
          }
        >
          {action ? "Or continue on your bank's page" : "Continue to authentication"}
        </a>
      ) : (
        <Link
          href="/"
          className="mt-6 inline-block text-sm font-medium text-slate-700 underline underline-offset-4"
        >
          Back to Onramp
        </Link>
      )}
    </section>
  );
}

export function PaymentNotFound() {
  return (
    <section className="mx-auto max-w-lg px-4 py-12 sm:px-6">
      <h1 className="text-2xl font-semibold tracking-tight">Payment not found</h1>
      <p className="mt-4 text-sm text-slate-600">
        This link does not match any payment. Check that it was copied in full, or ask your agent for a new
        one.
      </p>
    </section>
  );
}
