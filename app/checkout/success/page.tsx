// /checkout/success?session_id=cs_… — where Stripe Checkout sends the human after paying
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CopyButton } from "@/components/copy-button";
import { formatUsd } from "@/lib/money";
import { checkoutSuccessView } from "@/lib/query/public-pages";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Payment received", robots: { index: false } };

function Panel({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="mx-auto max-w-lg px-4 py-12 sm:px-6">
      <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
      <div className="mt-6 space-y-4 text-sm text-slate-700">{children}</div>
    </section>
  );
}

export default async function CheckoutSuccessPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { session_id: raw } = await searchParams;
  const sessionId = typeof raw === "string" ? raw : "";
  const view = await checkoutSuccessView(sessionId);

  if (view.kind === "unknown") notFound();
  if (view.kind === "expired") {
    return (
      <Panel title="This payment link has expired">
        <p>Nothing was charged. Ask your agent for a new payment link.</p>
      </Panel>
    );
  }
  if (view.kind === "open") {
    return (
      <Panel title="Payment not completed yet">
        <p>
          Stripe has not confirmed this payment{view.amountMinor ? ` of ${formatUsd(view.amountMinor)}` : ""}.
          If you just paid, refresh in a few seconds.
        </p>
        {view.url ? (
          <a className="inline-block font-medium text-slate-900 underline underline-offset-4" href={view.url}>
            Return to the payment page
          </a>
        ) : null}
      </Panel>
    );
  }
  return (
    <Panel title="Payment received">
      {view.balanceMinor === null ? (
        <p data-testid="checkout-paid">
          The {view.planName ?? "plan"} subscription{view.maskedEmail ? ` of ${view.maskedEmail}` : ""} is
          active. The first payment was {formatUsd(view.amountMinor)}.
        </p>
      ) : (
        <p data-testid="checkout-paid">
          {formatUsd(view.amountMinor)} was added to the wallet
          {view.maskedEmail ? ` of ${view.maskedEmail}` : ""}. The new balance is{" "}
          <strong>{formatUsd(view.balanceMinor)}</strong>.
        </p>
      )}
      {view.agentWaiting ? (
        <p
          className="rounded-md border border-emerald-200 bg-emerald-50 p-3 text-emerald-900"
          data-testid="agent-notified"
        >
          Your agent has been notified and is continuing on its own. You can close this page.
        </p>
      ) : (
        <p>Your agent can continue. If it asks you for the payment, give it this session id:</p>
      )}
      <div className="flex items-center gap-2 rounded-md border border-slate-200 bg-slate-50 p-3">
        <code className="min-w-0 flex-1 truncate font-mono text-xs" data-testid="session-id">
          {view.sessionId}
        </code>
        <CopyButton text={view.sessionId} label="Copy session id" />
      </div>
      <Link href="/" className="inline-block font-medium text-slate-900 underline underline-offset-4">
        Back to Onramp
      </Link>
    </Panel>
  );
}
