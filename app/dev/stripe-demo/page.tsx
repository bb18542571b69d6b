import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { env } from "@/lib/env";
import { devPagesOpenTo } from "@/lib/http/dev-access";
import { StripeDemo } from "./demo-client";

export const metadata: Metadata = { title: "Stripe emulator demo", robots: { index: false } };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/**
 * Local-mode page that pays $25 with a card through @stripe/react-stripe-js — against the
 * emulator's Stripe.js stand-in, the same components production uses with real Stripe.js.
 */
export default async function StripeDemoPage({ searchParams }: { searchParams: SearchParams }) {
  await connection();
  const config = env();
  if (!devPagesOpenTo(await headers())) notFound();
  const query = await searchParams;
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const redirectStatus = first(query.redirect_status);
  const returned = first(query.payment_intent) ?? first(query.setup_intent);
  const apiBase = config.stripe.apiBase;
  const standInScriptUrl = apiBase ? new URL("/v3/stripe.js", apiBase).toString() : null;
  return (
    <div className="mx-auto max-w-xl px-4 py-10">
      <h1 className="text-2xl font-semibold text-slate-950">Stripe emulator demo</h1>
      <p className="mt-2 text-sm text-slate-600">
        A $25.00 test payment with the Card Element or the Payment Element. Try 4242 4242 4242 4242, 4000 0000
        0000 0002 (declined) or 4000 0025 0000 3155 (3-D Secure).
      </p>
      {redirectStatus ? (
        <p className="mt-4 rounded-md bg-slate-100 px-3 py-2 text-sm" data-testid="demo-redirect">
          Returned from Stripe: <span data-testid="demo-redirect-intent">{returned}</span>{" "}
          <strong data-testid="demo-redirect-status">{redirectStatus}</strong>
        </p>
      ) : null}
      <StripeDemo publishableKey={config.stripe.publishableKey} standInScriptUrl={standInScriptUrl} />
    </div>
  );
}
