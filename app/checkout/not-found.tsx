// An unknown Checkout session on /checkout/**: a 404 with the page a human understands (no Stripe call was made).
import type { Metadata } from "next";

export const metadata: Metadata = { title: "Payment session not found", robots: { index: false } };

export default function NotFound() {
  return (
    <section className="mx-auto max-w-lg px-4 py-12 sm:px-6">
      <h1 className="text-2xl font-semibold tracking-tight">Payment session not found</h1>
      <p className="mt-6 text-sm text-slate-700">
        This link does not match any Onramp payment. Check that it was copied in full, or ask your agent for a
        new payment link.
      </p>
    </section>
  );
}
