/**
 * The script inventory of the dashboard's payment pages (wallet, payment methods, plans), as PCI
 * DSS 6.4.3 asks: every script the browser may load there, and why. e2e/dashboard-security.spec.ts
 * loads a payment page, pays, and fails if any script comes from elsewhere; the CSP (proxy.ts)
 * blocks anything not covered here. Change the two together.
 */
export interface InventoryEntry {
  /** "self": this app's origin; "stripe": js.stripe.com, or the emulator in local mode. */
  origin: "self" | "stripe";
  /** Path, or path prefix for "self". */
  path: string;
  justification: string;
}

export const PAYMENT_PAGE_SCRIPTS: readonly InventoryEntry[] = [
  {
    origin: "self",
    path: "/_next/static/",
    justification:
      "The app's own bundles (React, Next.js, the dashboard), built from this repository, served from our origin and carrying no secret (a test greps the build for sk_ keys).",
  },
  {
    origin: "stripe",
    path: "/v3/stripe.js",
    justification:
      "Stripe.js, which renders the card fields in Stripe's iframes so card numbers never touch this page. Loaded from Stripe (js.stripe.com) with real keys, from the local emulator's stand-in in local mode; never bundled (PCI-08).",
  },
  {
    origin: "stripe",
    path: "/endive/stripe.js",
    justification:
      "The same Stripe.js under the release-train path @stripe/stripe-js requests with real keys.",
  },
];
