// /checkout/cancel?session_id=cs_… — where Stripe Checkout sends the human who backed out
import type { Metadata } from "next";
import Link from "next/link";
import { cancelLink, findLinkForCancel } from "@/lib/checkout/links";
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Payment canceled", robots: { index: false } };

export default async function CheckoutCancelPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { session_id: sessionId, link: token } = await searchParams;
  const db = await getDb();
  const found = await findLinkForCancel(
    db,
    typeof sessionId === "string" ? sessionId : undefined,
    typeof token === "string" ? token : undefined,
  );
  const link = found ? await cancelLink(db, found.sessionId) : undefined;
  const paid = link?.status === "fulfilled";
  return (
    <section className="mx-auto max-w-lg px-4 py-12 sm:px-6">
      <h1 className="text-2xl font-semibold tracking-tight">
        {paid ? "This payment already went through" : "Payment canceled"}
      </h1>
      <p className="mt-4 text-sm text-slate-700" data-testid="cancel-message">
        {paid
          ? "The payment was completed before you left the page, so it stands. Your agent has been told."
          : link
            ? "Nothing was charged, and this payment link is now closed. Your agent has been told and can send a new link whenever you are ready."
            : "Nothing was charged. Your agent can send a new payment link whenever you are ready."}
      </p>
      <Link
        href="/"
        className="mt-6 inline-block text-sm font-medium text-slate-900 underline underline-offset-4"
      >
        Back to Onramp
      </Link>
    </section>
  );
}
