/**
 * The hosted Checkout page at a session's `url`: line items and total on the left, card form on
 * the right. Submitting runs the same code as the API (`paySession`); a decline re-renders with
 * Stripe's message, 3-D Secure goes through the challenge page, success redirects (303) to
 * `success_url` with `{CHECKOUT_SESSION_ID}` filled in.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type Stripe from "stripe";
import type { Engine } from "../engine";
import { readBody } from "../http/body";
import { redirect, sendHtml } from "../http/respond";
import {
  outcomeOf,
  type PayerInput,
  type PayOutcome,
  paySession,
  sessionMeta,
} from "../resources/checkout-sessions";
import { formatAmount } from "../resources/shared";
import { esc, page } from "./html";

const COUNTRIES: Array<[string, string]> = [
  ["US", "United States"],
  ["GB", "United Kingdom"],
  ["CA", "Canada"],
  ["DE", "Germany"],
  ["FR", "France"],
  ["NL", "Netherlands"],
  ["ES", "Spain"],
  ["IT", "Italy"],
  ["AU", "Australia"],
  ["JP", "Japan"],
  ["IN", "India"],
  ["BR", "Brazil"],
];

function summary(engine: Engine, session: Stripe.Checkout.Session): string {
  const items = sessionMeta(engine, session.id).lineItems;
  const currency = session.currency ?? "usd";
  const rows = items
    .map((li) => {
      const r = li.price?.recurring;
      const per = r ? ` / ${r.interval_count > 1 ? `${r.interval_count} ${r.interval}s` : r.interval}` : "";
      return `<tr><td>${esc(li.description ?? "Item")}${li.quantity && li.quantity > 1 ? ` × ${li.quantity}` : ""}<div class="muted">${esc(formatAmount(li.price?.unit_amount ?? 0, li.currency))}${esc(per)}</div></td><td class="num">${esc(formatAmount(li.amount_total, li.currency))}</td></tr>`;
    })
    .join("");
  const trial = sessionMeta(engine, session.id).subscriptionData.trial_period_days;
  const total =
    session.mode === "setup"
      ? `<p class="muted">Save a card for future payments. You will not be charged now.</p>`
      : `<div class="total" data-testid="checkout-total">${esc(formatAmount(session.amount_total ?? 0, currency))}</div>${trial ? `<p class="muted">${trial}-day free trial, then billed per the plan.</p>` : ""}`;
  return `<section class="card"><span class="badge">TEST MODE</span><h1>Onramp</h1>${session.cancel_url ? `<p><a data-testid="cancel-link" href="${esc(session.cancel_url)}">← Back</a></p>` : ""}${total}${rows ? `<table>${rows}</table>` : ""}</section>`;
}

interface FormValues {
  email: string;
  card: string;
  expiry: string;
  cvc: string;
  name: string;
  country: string;
  postal: string;
}

function form(
  engine: Engine,
  session: Stripe.Checkout.Session,
  values: Partial<FormValues>,
  error?: string,
): string {
  const email = values.email ?? sessionMeta(engine, session.id).emailPrefill ?? "";
  const options = COUNTRIES.map(
    ([code, label]) =>
      `<option value="${code}"${(values.country ?? "US") === code ? " selected" : ""}>${esc(label)}</option>`,
  ).join("");
  const action =
    session.mode === "setup" ? "Save card" : session.mode === "subscription" ? "Subscribe" : "Pay";
  return `<section class="card"><form method="post" action="/c/pay/${esc(session.id)}" autocomplete="off">
<h1>${session.mode === "setup" ? "Card details" : "Pay with card"}</h1>
<label for="email">Email</label><input id="email" name="email" type="email" data-testid="checkout-email" value="${esc(email)}" required>
<label for="card">Card information</label><input id="card" name="card" inputmode="numeric" placeholder="1234 1234 1234 1234" data-testid="card-number" value="${esc(values.card ?? "")}" required>
<div class="row"><input name="expiry" placeholder="MM / YY" data-testid="card-expiry" aria-label="Expiration" value="${esc(values.expiry ?? "")}" required><input name="cvc" placeholder="CVC" data-testid="card-cvc" aria-label="CVC" value="${esc(values.cvc ?? "")}" required></div>
<label for="name">Cardholder name</label><input id="name" name="name" data-testid="billing-name" value="${esc(values.name ?? "")}" required>
<label for="country">Country or region</label><div class="row"><select id="country" name="country" data-testid="billing-country">${options}</select><input name="postal" placeholder="ZIP" data-testid="billing-postal" aria-label="ZIP" value="${esc(values.postal ?? "")}"></div>
${error ? `<div class="error" role="alert" data-testid="checkout-error">${esc(error)}</div>` : ""}
<button type="submit" data-testid="pay-button">${action}</button>
<p class="muted">Emulated Stripe Checkout. Test cards: 4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 declines, 4000 0025 0000 3155 asks for 3-D Secure.</p>
</form></section>`;
}

export function renderCheckout(
  engine: Engine,
  session: Stripe.Checkout.Session,
  values: Partial<FormValues> = {},
  error?: string,
): string {
  return page(
    `Checkout — ${session.id.slice(0, 16)}…`,
    summary(engine, session) + form(engine, session, values, error),
  );
}

function closedPage(session: Stripe.Checkout.Session): string {
  const message =
    session.status === "complete"
      ? "This Checkout Session is already complete. Thanks for your payment."
      : "This Checkout Session has expired. Return to the merchant and start again.";
  return page(
    "Checkout",
    `<section class="card"><h1 data-testid="checkout-closed">${esc(message)}</h1></section>`,
  );
}

function donePage(session: Stripe.Checkout.Session): string {
  return page(
    "Payment complete",
    `<section class="card"><h1 data-testid="checkout-complete">${session.mode === "setup" ? "Card saved" : "Payment complete"}</h1><p class="muted">${esc(session.id)}</p></section>`,
  );
}

/** Parses "MM / YY", "MM/YYYY" or "MMYY". */
export function parseExpiry(raw: string): { month: number; year: number } | null {
  const digits = raw.replace(/[^\d/]/g, "");
  const m = /^(\d{1,2})\/?(\d{2}|\d{4})$/.exec(
    digits.includes("/") ? digits : digits.replace(/^(\d{2})(\d+)$/, "$1/$2"),
  );
  if (!m) return null;
  const month = Number(m[1]);
  let year = Number(m[2]);
  if (year < 100) year += 2000;
  return { month, year };
}

function respond(
  res: ServerResponse,
  engine: Engine,
  session: Stripe.Checkout.Session,
  outcome: PayOutcome,
  values: Partial<FormValues>,
): void {
  if (outcome.kind === "complete") {
    if (outcome.redirectUrl) redirect(res, outcome.redirectUrl);
    else sendHtml(res, 200, donePage(session));
    return;
  }
  if (outcome.kind === "requires_action") {
    redirect(res, outcome.challengeUrl);
    return;
  }
  sendHtml(
    res,
    402,
    renderCheckout(engine, session, { ...values, card: "", cvc: "" }, outcome.error.message),
  );
}

export async function handleCheckoutPage(
  engine: Engine,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<boolean> {
  const m = /^\/c\/pay\/(cs_test_[A-Za-z0-9]+)(\/return)?\/?$/.exec(url.pathname);
  if (!m) return false;
  const session = engine.store.get("checkout.session", m[1] ?? "");
  if (!session) {
    sendHtml(
      res,
      404,
      page("Checkout", `<section class="card"><h1>Checkout Session not found</h1></section>`),
    );
    return true;
  }
  const method = (req.method ?? "GET").toUpperCase();
  if (m[2]) {
    // Back from the 3-D Secure page.
    respond(res, engine, session, outcomeOf(engine, session), {});
    return true;
  }
  if (session.status !== "open") {
    sendHtml(res, session.status === "complete" ? 200 : 410, closedPage(session));
    return true;
  }
  if (method === "GET") {
    sendHtml(res, 200, renderCheckout(engine, session));
    return true;
  }
  if (method !== "POST") return false;
  const body = new URLSearchParams(await readBody(req));
  const values: FormValues = {
    email: body.get("email") ?? "",
    card: body.get("card") ?? "",
    expiry: body.get("expiry") ?? "",
    cvc: body.get("cvc") ?? "",
    name: body.get("name") ?? "",
    country: body.get("country") ?? "US",
    postal: body.get("postal") ?? "",
  };
  const expiry = parseExpiry(values.expiry);
  if (!expiry) {
    sendHtml(res, 400, renderCheckout(engine, session, values, "Your card's expiration date is incomplete."));
    return true;
  }
  const input: PayerInput = {
    card: values.card.replace(/\D/g, ""),
    expMonth: expiry.month,
    expYear: expiry.year,
    cvc: values.cvc,
    email: values.email || null,
    name: values.name || null,
    postalCode: values.postal || null,
    country: values.country || null,
  };
  const outcome = engine.withScope(null, () => paySession(engine, session, input));
  engine.store.markDirty();
  respond(res, engine, session, outcome, values);
  return true;
}
