// /checkout/cancel?session_id=cs_…&link=… — where Stripe Checkout sends the human who backed out.
// Showing the page changes nothing; its button (a POST with the link's cancel token) closes the link.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { checkoutCancelView } from "@/lib/query/public-pages";
import { cancelPaymentAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Payment not completed", robots: { index: false } };

const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : undefined);

function Panel({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="mx-auto max-w-lg px-4 py-12 sm:px-6">
      <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
      <div className="mt-4 space-y-4 text-sm text-slate-700">{children}</div>
      <Link
        href="/"
        className="mt-6 inline-block text-sm font-medium text-slate-900 underline underline-offset-4"
      >
        Back to Onramp
      </Link>
    </section>
  );
}

export default async function CheckoutCancelPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const query = await searchParams;
  const sessionId = one(query.session_id);
  const token = one(query.link);
  const found = await checkoutCancelView(sessionId, token);
  if (!found) notFound();
  const { link, canCancel } = found;

  if (link.status === "canceled") {
    return (
      <Panel title="Payment canceled">
        <p data-testid="cancel-message">
          Nothing was charged, and this payment link is now closed. Your agent has been told and can send a
          new link whenever you are ready.
        </p>
      </Panel>
    );
  }
  if (link.status === "fulfilled" || link.status === "paid") {
    return (
      <Panel title="This payment already went through">
        <p data-testid="cancel-message">
          The payment was completed before you left the page, so it stands. Your agent has been told.
        </p>
      </Panel>
    );
  }
  if (link.status === "expired") {
    return (
      <Panel title="This payment link has expired">
        <p data-testid="cancel-message">Nothing was charged. Your agent can send a new payment link.</p>
      </Panel>
    );
  }
  return (
    <Panel title="Payment not completed">
      <p data-testid="cancel-message">
        Nothing has been charged. You can go back and pay, or cancel the payment so this link can no longer be
        used{canCancel ? " — your agent is told at once" : ""}.
      </p>
      <div className="flex flex-wrap items-center gap-3">
        {canCancel ? (
          <form action={cancelPaymentAction}>
            <input type="hidden" name="session_id" value={link.sessionId} />
            <input type="hidden" name="link" value={token} />
            <button
              type="submit"
              data-testid="cancel-payment"
              className="rounded-md bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-700"
            >
              Cancel the payment
            </button>
          </form>
        ) : null}
        {link.url ? (
          <a className="font-medium text-slate-900 underline underline-offset-4" href={link.url}>
            Return to the payment page
          </a>
        ) : null}
      </div>
    </Panel>
  );
}
