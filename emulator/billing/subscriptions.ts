/**
 * Subscriptions (spec §2.8): creation with the four payment behaviours, plan and quantity
 * changes with prorations (`create_prorations` | `always_invoice` | `none`), billing cycle
 * anchor reset, cancel now or at period end, pause collection, resume, and — driven by the
 * virtual clock — renewals, trial ends, failed-payment retries and incomplete expiry.
 */
import type Stripe from "stripe";
import { needsAuthentication } from "../cards";
import { clone, type Engine, previousAttributes } from "../engine";
import { invalidRequest, noSuch, StripeError } from "../http/errors";
import { createdFilter, LIST_PARAMS, paginate } from "../http/lists";
import { applyMetadata, type Params } from "../http/params";
import type { Router } from "../http/router";
import { newId } from "../ids";
import { declineError, pmMeta } from "../resources/payment-methods";
import { createPriceFrom, getPrice } from "../resources/products-prices";
import { customerParam, formatAmount, metadataOf } from "../resources/shared";
import type { SubscriptionMeta } from "../store";
import {
  attemptInvoicePayment,
  createInvoiceItem,
  draftInvoice,
  finalizeInvoice,
  type LineSpec,
  markInvoicePaid,
  pullPendingItems,
  voidInvoice,
} from "./invoices";
import { boundary, type Interval, nextBoundaryAfter, periodContaining, unusedFraction } from "./periods";

const LIVE = ["incomplete", "trialing", "active", "past_due", "unpaid", "paused"];
const DAY = 86400;
/** Smart-retry stand-in: failed renewals are retried this often, this many times in total. */
export const RETRY_EVERY_SECONDS = 3 * DAY;
export const MAX_RENEWAL_ATTEMPTS = 4;

/**
 * `billing_cycle_anchor` on update and resume: a string before 2026-09-30.endive, an object
 * `{type}` from then on (the SDK pinned by Onramp sends the object). Both forms are read.
 */
function anchorChoice(p: Params): "now" | "unchanged" | undefined {
  const raw = p.raw.billing_cycle_anchor;
  if (raw !== undefined && raw !== "" && typeof raw === "object") {
    return p.obj("billing_cycle_anchor")?.oneOf("type", ["now", "unchanged"]);
  }
  return p.oneOf("billing_cycle_anchor", ["now", "unchanged"]);
}

export function getSubscription(engine: Engine, id: string): Stripe.Subscription {
  const sub = engine.store.get("subscription", id);
  if (!sub) throw noSuch("subscription", id);
  return sub;
}

function productName(engine: Engine, price: Stripe.Price): string {
  const id = typeof price.product === "string" ? price.product : price.product.id;
  return engine.store.get("product", id)?.name ?? "Product";
}

function dateLabel(t: number): string {
  return new Date(t * 1000).toLocaleDateString("en-US", {
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  });
}

function planFrom(price: Stripe.Price): Stripe.Plan {
  return {
    id: price.id,
    object: "plan",
    active: price.active,
    amount: price.unit_amount,
    amount_decimal: price.unit_amount_decimal,
    billing_scheme: price.billing_scheme,
    created: price.created,
    currency: price.currency,
    interval: price.recurring?.interval ?? "month",
    interval_count: price.recurring?.interval_count ?? 1,
    livemode: false,
    metadata: price.metadata,
    meter: null,
    nickname: price.nickname,
    product: price.product as string,
    tiers_mode: null,
    transform_usage: null,
    trial_period_days: price.recurring?.trial_period_days ?? null,
    usage_type: price.recurring?.usage_type ?? "licensed",
  };
}

function makeItem(
  sub: { id: string },
  price: Stripe.Price,
  quantity: number,
  metadata: Record<string, string>,
  now: number,
  period: { start: number; end: number },
): Stripe.SubscriptionItem {
  return {
    id: newId("si_", 14),
    object: "subscription_item",
    billing_thresholds: null,
    created: now,
    current_period_end: period.end,
    current_period_start: period.start,
    current_trial: null,
    discounts: [],
    metadata,
    plan: planFrom(price),
    price: clone(price),
    quantity,
    subscription: sub.id,
    tax_rates: [],
  };
}

function periodOf(sub: Stripe.Subscription): { start: number; end: number } {
  const first = sub.items.data[0];
  return {
    start: first?.current_period_start ?? sub.start_date,
    end: first?.current_period_end ?? sub.start_date,
  };
}

function setPeriod(sub: Stripe.Subscription, start: number, end: number): void {
  for (const item of sub.items.data) {
    item.current_period_start = start;
    item.current_period_end = end;
  }
}

function intervalOf(sub: Stripe.Subscription): { interval: Interval; count: number } {
  const r = sub.items.data[0]?.price.recurring;
  return { interval: (r?.interval ?? "month") as Interval, count: r?.interval_count ?? 1 };
}

function itemAmount(item: { price: Stripe.Price; quantity?: number }): number {
  return (item.price.unit_amount ?? 0) * (item.quantity ?? 1);
}

function itemDescription(engine: Engine, price: Stripe.Price, quantity: number): string {
  const r = price.recurring;
  const per = r ? ` / ${r.interval_count > 1 ? `${r.interval_count} ${r.interval}s` : r.interval}` : "";
  return `${quantity} × ${productName(engine, price)} (at ${formatAmount(price.unit_amount ?? 0, price.currency)}${per})`;
}

export function defaultPaymentMethodOf(engine: Engine, sub: Stripe.Subscription): string | null {
  if (typeof sub.default_payment_method === "string") return sub.default_payment_method;
  const c = engine.store.get("customer", String(sub.customer));
  const dpm = c?.invoice_settings.default_payment_method;
  return typeof dpm === "string" ? dpm : null;
}

interface ItemInput {
  price: Stripe.Price;
  quantity: number;
  metadata: Record<string, string>;
}

function readNewItem(engine: Engine, p: Params): ItemInput {
  let price: Stripe.Price;
  const priceId = p.text("price") ?? p.text("plan");
  if (priceId) price = getPrice(engine, priceId, p.name("price"));
  else {
    const data = p.obj("price_data");
    if (!data)
      throw invalidRequest("Missing required param: price.", {
        param: p.name("price"),
        code: "parameter_missing",
      });
    price = createPriceFrom(engine, data, { emit: false, inline: true });
  }
  if (price.type !== "recurring") {
    throw invalidRequest(
      "The price specified is set to `type=one_time` but this field only accepts prices with `type=recurring`.",
      { param: p.name("price") },
    );
  }
  if (!price.active && priceId) {
    throw invalidRequest(
      `The price specified (${price.id}) is inactive. This field only accepts active prices.`,
      {
        param: p.name("price"),
      },
    );
  }
  return { price, quantity: p.int("quantity", { min: 0 }) ?? 1, metadata: metadataOf(p) };
}

function checkCompatible(items: Array<{ price: Stripe.Price }>): void {
  const first = items[0]?.price;
  if (!first) return;
  for (const { price } of items) {
    if (price.currency !== first.currency) {
      throw invalidRequest("Currency must match across all prices on a subscription.", { param: "items" });
    }
    if (
      price.recurring?.interval !== first.recurring?.interval ||
      price.recurring?.interval_count !== first.recurring?.interval_count
    ) {
      throw invalidRequest("Interval and interval count must match across all prices on a subscription.", {
        param: "items",
      });
    }
  }
}

/** What a charge with this PM would do, without doing it (for error_if_incomplete). */
function predictCharge(engine: Engine, pmId: string, offSession: boolean): "ok" | "action" | StripeError {
  const meta = pmMeta(engine, pmId);
  const auth = needsAuthentication(meta.behavior, {
    offSession,
    setUpForOffSession: meta.setUpForOffSession,
    step: "payment",
  });
  if (auth === "challenge") return "action";
  if (auth === "fail_off_session") {
    return declineError({
      code: "authentication_required",
      decline_code: "authentication_required",
      message: "Your card was declined. This transaction requires authentication.",
    });
  }
  const b = meta.behavior;
  if (b.kind === "decline" || b.kind === "charge_fail") return declineError(b.decline);
  return "ok";
}

export interface CreateSubscriptionInit {
  customer: Stripe.Customer;
  items: ItemInput[];
  defaultPaymentMethod: string | null;
  trialEnd: number | null;
  metadata: Record<string, string>;
  description: string | null;
  paymentBehavior:
    | "allow_incomplete"
    | "default_incomplete"
    | "error_if_incomplete"
    | "pending_if_incomplete";
  saveDefaultPaymentMethod: "off" | "on_subscription";
  offSession: boolean;
  billingCycleAnchor: number | null;
  prorationBehavior: "create_prorations" | "none" | "always_invoice";
  cancelAtPeriodEnd: boolean;
  cancelAt: number | null;
  collectionMethod: "charge_automatically" | "send_invoice";
  daysUntilDue: number | null;
  missingPaymentMethod: "cancel" | "create_invoice" | "pause";
  /** Hosted Checkout: the first invoice is already paid by this PaymentIntent. */
  paidBy?: Stripe.PaymentIntent;
}

export function createSubscription(engine: Engine, init: CreateSubscriptionInit): Stripe.Subscription {
  const now = engine.now();
  checkCompatible(init.items);
  const firstPrice = init.items[0]?.price;
  if (!firstPrice)
    throw invalidRequest("Missing required param: items.", { param: "items", code: "parameter_missing" });
  const interval = (firstPrice.recurring?.interval ?? "month") as Interval;
  const count = firstPrice.recurring?.interval_count ?? 1;
  const trialEnd = init.trialEnd !== null && init.trialEnd > now ? init.trialEnd : null;
  const fullAmount = init.items.reduce((sum, i) => sum + itemAmount(i), 0);
  const pm =
    init.defaultPaymentMethod ??
    (typeof init.customer.invoice_settings.default_payment_method === "string"
      ? init.customer.invoice_settings.default_payment_method
      : null);
  const needsPayment = !trialEnd && fullAmount > 0 && !init.paidBy;
  if (
    needsPayment &&
    init.collectionMethod === "charge_automatically" &&
    init.paymentBehavior !== "default_incomplete" &&
    !pm
  ) {
    throw invalidRequest(
      "This customer has no attached payment source or default payment method. Please consider adding a default payment method. For more information, visit https://stripe.com/docs/billing/subscriptions/payment-methods-setting#payment-method-priority.",
    );
  }
  if (needsPayment && init.paymentBehavior === "error_if_incomplete" && pm) {
    const outcome = predictCharge(engine, pm, init.offSession);
    if (outcome instanceof StripeError) throw outcome;
    if (outcome === "action") {
      throw new StripeError({
        status: 402,
        type: "card_error",
        code: "subscription_payment_intent_requires_action",
        message:
          "Payment for this subscription requires additional user action before it can be completed successfully.",
      });
    }
  }

  let anchor = now;
  let periodEnd = boundary(now, interval, count, 1);
  if (trialEnd) {
    anchor = trialEnd;
    periodEnd = trialEnd;
  } else if (init.billingCycleAnchor && init.billingCycleAnchor > now) {
    anchor = init.billingCycleAnchor;
    periodEnd = anchor;
  }
  const id = newId("sub_");
  const items = init.items.map((i) =>
    makeItem({ id }, i.price, i.quantity, i.metadata, now, { start: now, end: periodEnd }),
  );
  const sub: Stripe.Subscription = {
    id,
    object: "subscription",
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: anchor,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: null, type: "classic" },
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: init.cancelAt ?? (init.cancelAtPeriodEnd ? periodEnd : null),
    cancel_at_period_end: init.cancelAtPeriodEnd,
    canceled_at: init.cancelAtPeriodEnd || init.cancelAt ? now : null,
    cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: null },
    collection_method: init.collectionMethod,
    created: now,
    currency: firstPrice.currency,
    customer: init.customer.id,
    customer_account: null,
    days_until_due: init.collectionMethod === "send_invoice" ? (init.daysUntilDue ?? 30) : null,
    default_payment_method: init.defaultPaymentMethod,
    default_source: null,
    default_tax_rates: [],
    description: init.description,
    discounts: [],
    ended_at: null,
    invoice_settings: {
      account_tax_ids: null,
      custom_fields: null,
      description: null,
      footer: null,
      issuer: { type: "self" },
    },
    items: { object: "list", data: items, has_more: false, url: `/v1/subscription_items?subscription=${id}` },
    latest_invoice: null,
    livemode: false,
    managed_payments: null,
    metadata: init.metadata,
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: {
      payment_method_options: null,
      payment_method_types: null,
      save_default_payment_method: init.saveDefaultPaymentMethod,
    },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: now,
    status: init.paidBy ? "active" : trialEnd ? "trialing" : "incomplete",
    test_clock: null,
    transfer_data: null,
    trial_end: trialEnd,
    trial_settings: {
      end_behavior: { billing_cycle_anchor: null, missing_payment_method: init.missingPaymentMethod },
    },
    trial_start: trialEnd ? now : null,
  };
  if (init.collectionMethod === "send_invoice" && !trialEnd) sub.status = "active";
  engine.store.put("subscription", sub);
  engine.emit("customer.subscription.created", sub);

  // First invoice: full period, a prorated stub up to a future anchor, or $0 for a trial.
  const lines: LineSpec[] = init.items.map((i, n) => {
    const item = items[n] as Stripe.SubscriptionItem;
    if (trialEnd) {
      return {
        amount: 0,
        description: `Trial period for ${productName(engine, i.price)}`,
        price: i.price,
        quantity: i.quantity,
        period: { start: now, end: periodEnd },
        proration: false,
        subscriptionItem: item.id,
      };
    }
    if (anchor !== now && init.prorationBehavior !== "none") {
      const fullStart = boundary(anchor, interval, count, -1);
      const frac = unusedFraction(fullStart, anchor, now);
      return {
        amount: Math.round(itemAmount(i) * frac),
        description: `Remaining time on ${itemDescription(engine, i.price, i.quantity)} after ${dateLabel(now)}`,
        price: i.price,
        quantity: i.quantity,
        period: { start: now, end: periodEnd },
        proration: true,
        subscriptionItem: item.id,
      };
    }
    return {
      amount: anchor !== now ? 0 : itemAmount(i),
      description: itemDescription(engine, i.price, i.quantity),
      price: i.price,
      quantity: i.quantity,
      period: { start: now, end: periodEnd },
      proration: false,
      subscriptionItem: item.id,
    };
  });
  const invoice = draftInvoice(engine, {
    customer: init.customer,
    currency: sub.currency,
    subscription: sub,
    lines,
    billingReason: "subscription_create",
    periodStart: now,
    periodEnd: now,
    collectionMethod: init.collectionMethod,
    daysUntilDue: sub.days_until_due,
  });
  pullPendingItems(engine, invoice, sub.id);
  sub.latest_invoice = invoice.id;
  finalizeInvoice(engine, invoice, init.paidBy ? { paymentIntent: init.paidBy } : {});
  if (init.paidBy && invoice.status === "open")
    markInvoicePaid(engine, invoice, { outOfBand: false, paymentIntent: init.paidBy });
  if (invoice.status === "open" && init.collectionMethod === "charge_automatically") {
    engine.store.state.meta.subscription[sub.id] = { incompleteSince: now };
    if (init.paymentBehavior !== "default_incomplete") {
      attemptInvoicePayment(engine, invoice, { paymentMethod: pm, offSession: init.offSession });
    } else if (pm) {
      // The PaymentIntent waits for the client, with the default PM preselected.
      const piId = engine.store.state.meta.invoice[invoice.id]?.paymentIntent;
      const pi = piId ? engine.store.get("payment_intent", piId) : undefined;
      if (pi && pi.status === "requires_payment_method") {
        pi.payment_method = pm;
        pi.status = "requires_confirmation";
      }
    }
  }
  engine.store.markDirty();
  return sub;
}

function readCreate(engine: Engine, p: Params): CreateSubscriptionInit {
  const customer = customerParam(engine, p.required("customer"));
  const itemParams = p.objects("items") ?? [];
  if (itemParams.length === 0)
    throw invalidRequest("Missing required param: items.", { param: "items", code: "parameter_missing" });
  const items = itemParams.map((ip) => readNewItem(engine, ip));
  const dpm = p.text("default_payment_method") ?? null;
  if (dpm) {
    const pm = engine.store.get("payment_method", dpm);
    if (!pm || pm.customer !== customer.id) {
      throw invalidRequest(
        `The customer does not have a payment method with the ID ${dpm}. The payment method must be attached to the customer.`,
        { param: "default_payment_method" },
      );
    }
  }
  const now = engine.now();
  let trialEnd: number | null = null;
  const te = p.timestamp("trial_end", { allowNow: true });
  const days = p.int("trial_period_days", { min: 0, max: 730 });
  if (te === "now") trialEnd = null;
  else if (te !== undefined) {
    if (te <= now) throw invalidRequest("Invalid timestamp: must be in the future", { param: "trial_end" });
    trialEnd = te;
  } else if (days) trialEnd = now + days * DAY;
  else if (p.bool("trial_from_plan")) {
    const d = items[0]?.price.recurring?.trial_period_days;
    if (d) trialEnd = now + d * DAY;
  }
  const anchor = p.int("billing_cycle_anchor");
  if (anchor !== undefined && anchor <= now) {
    throw invalidRequest("Invalid timestamp: must be in the future", { param: "billing_cycle_anchor" });
  }
  const settings = p.obj("payment_settings");
  const endBehavior = p.obj("trial_settings")?.obj("end_behavior");
  for (const add of p.objects("add_invoice_items") ?? []) {
    const price = getPrice(engine, add.required("price"), add.name("price"));
    const qty = add.int("quantity", { min: 1 }) ?? 1;
    createInvoiceItem(engine, {
      customer: customer.id,
      amount: (price.unit_amount ?? 0) * qty,
      currency: price.currency,
      description: `${qty} × ${productName(engine, price)}`,
      price,
      quantity: qty,
      period: { start: now, end: now },
      proration: false,
    });
  }
  return {
    customer,
    items,
    defaultPaymentMethod: dpm,
    trialEnd,
    metadata: metadataOf(p),
    description: p.text("description") ?? null,
    paymentBehavior:
      p.oneOf("payment_behavior", [
        "allow_incomplete",
        "default_incomplete",
        "error_if_incomplete",
        "pending_if_incomplete",
      ]) ?? "allow_incomplete",
    saveDefaultPaymentMethod:
      settings?.oneOf("save_default_payment_method", ["off", "on_subscription"]) ?? "off",
    offSession: p.bool("off_session") ?? false,
    billingCycleAnchor: anchor ?? null,
    prorationBehavior:
      p.oneOf("proration_behavior", ["create_prorations", "none", "always_invoice"]) ?? "create_prorations",
    cancelAtPeriodEnd: p.bool("cancel_at_period_end") ?? false,
    cancelAt: p.int("cancel_at") ?? null,
    collectionMethod:
      p.oneOf("collection_method", ["charge_automatically", "send_invoice"]) ?? "charge_automatically",
    daysUntilDue: p.int("days_until_due", { min: 0 }) ?? null,
    missingPaymentMethod:
      endBehavior?.oneOf("missing_payment_method", ["cancel", "create_invoice", "pause"]) ?? "create_invoice",
  };
}

/** Invoice now for `lines` plus pending items; charge it (on-session unless told otherwise). */
function invoiceNow(
  engine: Engine,
  sub: Stripe.Subscription,
  lines: LineSpec[],
  reason: Stripe.Invoice.BillingReason,
  offSession: boolean,
): Stripe.Invoice {
  const customer = engine.store.get("customer", String(sub.customer));
  if (!customer) throw noSuch("customer", String(sub.customer), "customer");
  const { start, end } = periodOf(sub);
  const invoice = draftInvoice(engine, {
    customer,
    currency: sub.currency,
    subscription: sub,
    lines,
    billingReason: reason,
    periodStart: start,
    periodEnd: end,
    collectionMethod: sub.collection_method,
    daysUntilDue: sub.days_until_due,
  });
  pullPendingItems(engine, invoice, sub.id);
  sub.latest_invoice = invoice.id;
  finalizeInvoice(engine, invoice);
  if (invoice.status === "open" && sub.collection_method === "charge_automatically") {
    attemptInvoicePayment(engine, invoice, { offSession });
  }
  return invoice;
}

/** Credit/debit invoice items for a change at `at` within the current period. */
function prorationItems(
  engine: Engine,
  sub: Stripe.Subscription,
  changes: Array<{ before: Stripe.SubscriptionItem | null; after: Stripe.SubscriptionItem | null }>,
  at: number,
): void {
  const { start, end } = periodOf(sub);
  const frac = unusedFraction(start, end, at);
  if (frac <= 0) return;
  for (const { before, after } of changes) {
    if (before) {
      const credit = Math.round(itemAmount({ price: before.price, quantity: before.quantity ?? 1 }) * frac);
      if (credit > 0) {
        createInvoiceItem(engine, {
          customer: String(sub.customer),
          amount: -credit,
          currency: sub.currency,
          description: `Unused time on ${itemDescription(engine, before.price, before.quantity ?? 1)} after ${dateLabel(at)}`,
          price: before.price,
          quantity: before.quantity ?? 1,
          period: { start: at, end },
          proration: true,
          subscription: sub.id,
          subscriptionItem: before.id,
        });
      }
    }
    if (after) {
      const debit = Math.round(itemAmount({ price: after.price, quantity: after.quantity ?? 1 }) * frac);
      if (debit > 0) {
        createInvoiceItem(engine, {
          customer: String(sub.customer),
          amount: debit,
          currency: sub.currency,
          description: `Remaining time on ${itemDescription(engine, after.price, after.quantity ?? 1)} after ${dateLabel(at)}`,
          price: after.price,
          quantity: after.quantity ?? 1,
          period: { start: at, end },
          proration: true,
          subscription: sub.id,
          subscriptionItem: after.id,
        });
      }
    }
  }
}

function fullPeriodLines(engine: Engine, sub: Stripe.Subscription): LineSpec[] {
  const { start, end } = periodOf(sub);
  return sub.items.data.map((item) => ({
    amount: itemAmount({ price: item.price, quantity: item.quantity ?? 1 }),
    description: itemDescription(engine, item.price, item.quantity ?? 1),
    price: item.price,
    quantity: item.quantity ?? 1,
    period: { start, end },
    proration: false,
    subscriptionItem: item.id,
  }));
}

function resetAnchor(sub: Stripe.Subscription, now: number): void {
  const { interval, count } = intervalOf(sub);
  sub.billing_cycle_anchor = now;
  setPeriod(sub, now, boundary(now, interval, count, 1));
  if (sub.cancel_at_period_end) sub.cancel_at = periodOf(sub).end;
}

function updateSubscription(engine: Engine, sub: Stripe.Subscription, p: Params): Stripe.Subscription {
  if (sub.status === "canceled" || sub.status === "incomplete_expired") {
    const onlyMeta = p.keys().every((k) => ["metadata", "cancellation_details", "expand"].includes(k));
    if (!onlyMeta) {
      throw invalidRequest(
        `A subscription with status ${sub.status} can only update its metadata and cancellation_details.`,
      );
    }
  }
  const now = engine.now();
  const before = clone(sub);
  const proration =
    p.oneOf("proration_behavior", ["create_prorations", "none", "always_invoice"]) ?? "create_prorations";
  const prorationDate = p.int("proration_date") ?? now;
  const offSession = p.bool("off_session") ?? false;

  const dpm = p.nullableText("default_payment_method");
  if (dpm) {
    const pm = engine.store.get("payment_method", dpm);
    if (!pm || pm.customer !== sub.customer) {
      throw invalidRequest(
        `The customer does not have a payment method with the ID ${dpm}. The payment method must be attached to the customer.`,
        { param: "default_payment_method" },
      );
    }
  }
  if (p.has("default_payment_method")) sub.default_payment_method = dpm ?? null;
  sub.metadata = applyMetadata(sub.metadata, p);
  if (p.has("description")) sub.description = p.nullableText("description") ?? null;
  const details = p.obj("cancellation_details");
  if (details) {
    sub.cancellation_details = {
      ...(sub.cancellation_details ?? { comment: null, feedback: null, feedback_option: null, reason: null }),
      comment: details.nullableText("comment") ?? sub.cancellation_details?.comment ?? null,
      feedback:
        (details.nullableText("feedback") as
          | Stripe.Subscription.CancellationDetails.Feedback
          | null
          | undefined) ??
        sub.cancellation_details?.feedback ??
        null,
    };
  }
  const settings = p.obj("payment_settings");
  if (settings && sub.payment_settings) {
    sub.payment_settings.save_default_payment_method =
      settings.oneOf("save_default_payment_method", ["off", "on_subscription"]) ??
      sub.payment_settings.save_default_payment_method;
  }

  // Items: change price/quantity of existing items, add new ones, delete with deleted=true.
  const itemParams = p.objects("items");
  let itemsChanged = false;
  let intervalChanged = false;
  const changes: Array<{ before: Stripe.SubscriptionItem | null; after: Stripe.SubscriptionItem | null }> =
    [];
  if (itemParams) {
    const { start, end } = periodOf(sub);
    const next = [...sub.items.data];
    for (const ip of itemParams) {
      const itemId = ip.text("id");
      if (itemId) {
        const index = next.findIndex((i) => i.id === itemId);
        const existing = next[index];
        if (!existing)
          throw invalidRequest(`No such subscription item: '${itemId}'`, {
            param: ip.name("id"),
            code: "resource_missing",
          });
        if (ip.bool("deleted")) {
          next.splice(index, 1);
          changes.push({ before: existing, after: null });
          itemsChanged = true;
          continue;
        }
        const hasPrice = ip.has("price") || ip.has("price_data") || ip.has("plan");
        const input = hasPrice ? readNewItem(engine, ip) : null;
        const quantity =
          ip.int("quantity", { min: 0 }) ??
          (input
            ? ip.has("quantity")
              ? input.quantity
              : (existing.quantity ?? 1)
            : (existing.quantity ?? 1));
        const price = input?.price ?? existing.price;
        if (price.id === existing.price.id && quantity === existing.quantity) {
          existing.metadata = applyMetadata(existing.metadata, ip);
          continue;
        }
        const updated: Stripe.SubscriptionItem = {
          ...clone(existing),
          price: clone(price),
          plan: planFrom(price),
          quantity,
        };
        updated.metadata = applyMetadata(existing.metadata, ip);
        next[index] = updated;
        changes.push({ before: existing, after: updated });
        itemsChanged = true;
      } else {
        const input = readNewItem(engine, ip);
        const added = makeItem(sub, input.price, input.quantity, input.metadata, now, { start, end });
        next.push(added);
        changes.push({ before: null, after: added });
        itemsChanged = true;
      }
    }
    if (next.length === 0)
      throw invalidRequest("A subscription must have at least one item.", { param: "items" });
    checkCompatible(next);
    const oldInterval = intervalOf(sub);
    sub.items = { ...sub.items, data: next };
    const newInterval = intervalOf(sub);
    intervalChanged =
      oldInterval.interval !== newInterval.interval || oldInterval.count !== newInterval.count;
  }

  const anchorParam = anchorChoice(p);
  const trialEndParam = p.timestamp("trial_end", { allowNow: true });
  const inTrial = sub.status === "trialing";
  if (trialEndParam === "now" && inTrial) {
    sub.trial_end = now;
    sub.status = "active";
    resetAnchor(sub, now);
    invoiceNow(engine, sub, fullPeriodLines(engine, sub), "subscription_update", offSession);
  } else if (typeof trialEndParam === "number") {
    if (trialEndParam <= now)
      throw invalidRequest("Invalid timestamp: must be in the future", { param: "trial_end" });
    sub.trial_end = trialEndParam;
    sub.status = "trialing";
    sub.trial_start ??= now;
    setPeriod(sub, periodOf(sub).start, trialEndParam);
    sub.billing_cycle_anchor = trialEndParam;
  } else if (intervalChanged || anchorParam === "now") {
    // A new interval always restarts the cycle now; so does billing_cycle_anchor=now.
    if (proration !== "none" && !inTrial) {
      prorationItems(
        engine,
        sub,
        before.items.data.map((i) => ({ before: i, after: null })),
        prorationDate,
      );
    }
    resetAnchor(sub, now);
    if (!inTrial) {
      invoiceNow(engine, sub, fullPeriodLines(engine, sub), "subscription_update", offSession);
    }
  } else if (itemsChanged && !inTrial && proration !== "none") {
    prorationItems(engine, sub, changes, prorationDate);
    if (proration === "always_invoice") {
      invoiceNow(engine, sub, [], "subscription_update", offSession);
    }
  }

  if (p.has("cancel_at_period_end")) {
    const flag = p.bool("cancel_at_period_end") ?? false;
    sub.cancel_at_period_end = flag;
    sub.cancel_at = flag ? periodOf(sub).end : null;
    sub.canceled_at = flag ? now : null;
    if (flag)
      sub.cancellation_details = {
        ...(sub.cancellation_details ?? { comment: null, feedback: null, feedback_option: null }),
        reason: "cancellation_requested",
      } as Stripe.Subscription.CancellationDetails;
    else if (sub.cancellation_details) sub.cancellation_details.reason = null;
  }
  if (p.has("cancel_at")) {
    const at = p.nullableText("cancel_at") === null ? null : p.int("cancel_at");
    if (at !== null && at !== undefined && at <= now)
      throw invalidRequest("Invalid timestamp: must be in the future", { param: "cancel_at" });
    sub.cancel_at = at ?? null;
    sub.cancel_at_period_end = at !== null && at !== undefined && at === periodOf(sub).end;
    sub.canceled_at = at ? now : null;
  }
  if (p.has("pause_collection")) {
    if (p.isEmpty("pause_collection")) sub.pause_collection = null;
    else {
      const pc = p.obj("pause_collection");
      sub.pause_collection = {
        behavior:
          pc?.oneOf("behavior", ["keep_as_draft", "mark_uncollectible", "void"], { required: true }) ??
          "void",
        resumes_at: pc?.int("resumes_at") ?? null,
      };
    }
  }
  if (p.has("collection_method")) {
    sub.collection_method =
      p.oneOf("collection_method", ["charge_automatically", "send_invoice"]) ?? sub.collection_method;
    sub.days_until_due = sub.collection_method === "send_invoice" ? (p.int("days_until_due") ?? 30) : null;
  }
  const prev = previousAttributes(before, sub);
  if (Object.keys(prev).length > 0) emitUpdatedOnce(engine, sub, before);
  engine.store.markDirty();
  return sub;
}

/** `customer.subscription.updated` with previous_attributes relative to `before`. */
export function emitUpdatedOnce(engine: Engine, sub: Stripe.Subscription, before: Stripe.Subscription): void {
  const prev = previousAttributes(before, sub);
  if (Object.keys(prev).length > 0) engine.emit("customer.subscription.updated", sub, prev);
}

export function cancelSubscriptionNow(
  engine: Engine,
  sub: Stripe.Subscription,
  opts: {
    invoiceNow?: boolean;
    prorate?: boolean;
    reason?: Stripe.Subscription.CancellationDetails.Reason;
    at?: number;
  },
): Stripe.Subscription {
  const now = opts.at ?? engine.now();
  if (opts.prorate && sub.status === "active") {
    prorationItems(
      engine,
      sub,
      sub.items.data.map((i) => ({ before: i, after: null })),
      now,
    );
  }
  if (opts.invoiceNow) {
    const pending = engine.store
      .all("invoiceitem")
      .some((ii) => ii.customer === sub.customer && ii.invoice === null);
    if (pending) invoiceNow(engine, sub, [], "subscription_update", true);
  }
  sub.status = "canceled";
  sub.canceled_at ??= now;
  sub.ended_at = now;
  sub.cancel_at = null;
  sub.cancel_at_period_end = false;
  sub.cancellation_details = {
    comment: sub.cancellation_details?.comment ?? null,
    feedback: sub.cancellation_details?.feedback ?? null,
    feedback_option: sub.cancellation_details?.feedback_option ?? null,
    reason: opts.reason ?? "cancellation_requested",
  };
  delete engine.store.state.meta.subscription[sub.id];
  engine.emit("customer.subscription.deleted", sub);
  engine.store.markDirty();
  return sub;
}

function subscriptionMeta(engine: Engine, id: string): SubscriptionMeta {
  const map = engine.store.state.meta.subscription;
  map[id] ??= {};
  return map[id];
}

/** After an invoice is paid: incomplete / past_due subscriptions become active. */
export function onInvoicePaid(engine: Engine, invoiceId: string): void {
  const invoice = engine.store.get("invoice", invoiceId);
  const subId = invoice?.parent?.subscription_details?.subscription;
  if (!invoice || typeof subId !== "string") return;
  const sub = engine.store.get("subscription", subId);
  if (!sub || !LIVE.includes(sub.status)) return;
  const before = clone(sub);
  const meta = engine.store.state.meta.subscription[sub.id];
  if (meta?.retryInvoice === invoice.id) {
    delete meta.retryInvoice;
    delete meta.nextRetryAt;
    delete meta.retryCount;
  }
  if (meta) delete meta.incompleteSince;
  if (sub.payment_settings?.save_default_payment_method === "on_subscription") {
    const pi = engine.store.state.meta.invoice[invoice.id]?.paymentIntent;
    const pmId = pi ? engine.store.get("payment_intent", pi)?.payment_method : null;
    if (typeof pmId === "string") sub.default_payment_method = pmId;
  }
  const openOthers = engine.store
    .all("invoice")
    .some(
      (i) =>
        i.id !== invoice.id && i.status === "open" && i.parent?.subscription_details?.subscription === sub.id,
    );
  if (["incomplete", "past_due", "unpaid"].includes(sub.status) && !openOthers) {
    sub.status = sub.trial_end && sub.trial_end > engine.now() ? "trialing" : "active";
  }
  emitUpdatedOnce(engine, sub, before);
}

/** After a failed collection attempt: renewals make the subscription past_due and retry later. */
export function onInvoicePaymentFailed(engine: Engine, invoiceId: string): void {
  const invoice = engine.store.get("invoice", invoiceId);
  const subId = invoice?.parent?.subscription_details?.subscription;
  if (!invoice || typeof subId !== "string") return;
  const sub = engine.store.get("subscription", subId);
  if (!sub || !LIVE.includes(sub.status)) return;
  if (invoice.billing_reason === "subscription_create") return;
  const before = clone(sub);
  if (sub.status === "active" || sub.status === "trialing") sub.status = "past_due";
  const meta = subscriptionMeta(engine, sub.id);
  if (meta.retryInvoice !== invoice.id) {
    meta.retryInvoice = invoice.id;
    meta.retryCount = 1;
  }
  if ((meta.retryCount ?? 1) < MAX_RENEWAL_ATTEMPTS) {
    meta.nextRetryAt = engine.now() + RETRY_EVERY_SECONDS;
    invoice.next_payment_attempt = meta.nextRetryAt;
  } else {
    delete meta.nextRetryAt;
    invoice.next_payment_attempt = null;
  }
  emitUpdatedOnce(engine, sub, before);
}

/** Clock-driven work for one subscription, catching up period by period. */
function advanceSubscription(engine: Engine, sub: Stripe.Subscription): void {
  const now = engine.now();
  const meta = subscriptionMeta(engine, sub.id);
  if (sub.status === "incomplete") {
    if (meta.incompleteSince !== undefined && now - meta.incompleteSince >= 23 * 3600) {
      const before = clone(sub);
      sub.status = "incomplete_expired";
      sub.ended_at = now;
      const latest =
        typeof sub.latest_invoice === "string" ? engine.store.get("invoice", sub.latest_invoice) : undefined;
      if (latest && latest.status === "open") voidInvoice(engine, latest);
      emitUpdatedOnce(engine, sub, before);
    }
    return;
  }
  if (!LIVE.includes(sub.status)) return;
  if (sub.pause_collection?.resumes_at && sub.pause_collection.resumes_at <= now) {
    const before = clone(sub);
    sub.pause_collection = null;
    emitUpdatedOnce(engine, sub, before);
  }
  if (
    sub.status === "trialing" &&
    sub.trial_end &&
    !meta.trialWillEndSent &&
    sub.trial_end - now <= 3 * DAY &&
    sub.trial_end > now
  ) {
    meta.trialWillEndSent = true;
    engine.emit("customer.subscription.trial_will_end", sub);
  }
  // Retries of a failed renewal.
  if (meta.retryInvoice && meta.nextRetryAt !== undefined && meta.nextRetryAt <= now) {
    const invoice = engine.store.get("invoice", meta.retryInvoice);
    if (invoice && invoice.status === "open") {
      meta.retryCount = (meta.retryCount ?? 1) + 1;
      delete meta.nextRetryAt;
      attemptInvoicePayment(engine, invoice, { offSession: true });
      if (invoice.status === "open" && (meta.retryCount ?? 0) >= MAX_RENEWAL_ATTEMPTS) {
        // All retries failed: Stripe's default then cancels the subscription.
        cancelSubscriptionNow(engine, sub, { reason: "payment_failed" });
        return;
      }
    } else {
      delete meta.retryInvoice;
      delete meta.nextRetryAt;
    }
  }
  for (let guard = 0; guard < 500; guard++) {
    if (!LIVE.includes(sub.status) || sub.status === "paused") return;
    const { end } = periodOf(sub);
    if (sub.cancel_at !== null && sub.cancel_at <= now && sub.cancel_at <= end) {
      cancelSubscriptionNow(engine, sub, { at: sub.cancel_at, reason: "cancellation_requested" });
      return;
    }
    if (end > now) return;
    const before = clone(sub);
    const { interval, count } = intervalOf(sub);
    if (sub.status === "trialing" && sub.trial_end !== null && sub.trial_end <= end) {
      const pm = defaultPaymentMethodOf(engine, sub);
      const missing = sub.trial_settings?.end_behavior.missing_payment_method ?? "create_invoice";
      if (!pm && missing === "pause") {
        sub.status = "paused";
        emitUpdatedOnce(engine, sub, before);
        engine.emit("customer.subscription.paused", sub);
        return;
      }
      if (!pm && missing === "cancel") {
        cancelSubscriptionNow(engine, sub, { at: end, reason: "cancellation_requested" });
        return;
      }
      sub.status = "active";
    }
    const nextEnd = nextBoundaryAfter(sub.billing_cycle_anchor, interval, count, end);
    setPeriod(sub, end, nextEnd);
    emitUpdatedOnce(engine, sub, before);
    renew(engine, sub);
  }
}

function renew(engine: Engine, sub: Stripe.Subscription): void {
  const customer = engine.store.get("customer", String(sub.customer));
  if (!customer) return;
  const { start, end } = periodOf(sub);
  const invoice = draftInvoice(engine, {
    customer,
    currency: sub.currency,
    subscription: sub,
    lines: fullPeriodLines(engine, sub),
    billingReason: "subscription_cycle",
    periodStart: start,
    periodEnd: end,
    collectionMethod: sub.collection_method,
    daysUntilDue: sub.days_until_due,
  });
  pullPendingItems(engine, invoice, sub.id);
  sub.latest_invoice = invoice.id;
  const pause = sub.pause_collection?.behavior;
  if (pause === "keep_as_draft") return;
  finalizeInvoice(engine, invoice);
  if (pause === "void") {
    if (invoice.status === "open") voidInvoice(engine, invoice);
    return;
  }
  if (pause === "mark_uncollectible") {
    if (invoice.status === "open") {
      invoice.status = "uncollectible";
      invoice.status_transitions.marked_uncollectible_at = engine.now();
      engine.emit("invoice.marked_uncollectible", invoice);
    }
    return;
  }
  if (invoice.status === "open" && sub.collection_method === "charge_automatically") {
    attemptInvoicePayment(engine, invoice, { offSession: true });
  }
}

export function subscriptionTicker(engine: Engine): void {
  for (const sub of engine.store.all("subscription")) advanceSubscription(engine, sub);
}

export function registerSubscriptions(router: Router, engine: Engine): void {
  router.post("/v1/subscriptions", ({ params }) => createSubscription(engine, readCreate(engine, params)), {
    params: [
      "customer",
      "items",
      "default_payment_method",
      "payment_behavior",
      "payment_settings",
      "trial_period_days",
      "trial_end",
      "trial_from_plan",
      "trial_settings",
      "metadata",
      "description",
      "off_session",
      "billing_cycle_anchor",
      "billing_cycle_anchor_config",
      "proration_behavior",
      "cancel_at_period_end",
      "cancel_at",
      "collection_method",
      "days_until_due",
      "add_invoice_items",
      "currency",
      "automatic_tax",
      "default_tax_rates",
      "discounts",
      "billing_mode",
      "backdate_start_date",
      "pending_invoice_item_interval",
      "invoice_settings",
      "customer_account",
    ],
  });

  router.get("/v1/subscriptions/:id", ({ pathParams }) => getSubscription(engine, pathParams.id ?? ""));

  router.post(
    "/v1/subscriptions/:id",
    ({ pathParams, params }) =>
      updateSubscription(engine, getSubscription(engine, pathParams.id ?? ""), params),
    {
      params: [
        "items",
        "proration_behavior",
        "proration_date",
        "cancel_at_period_end",
        "cancel_at",
        "cancellation_details",
        "default_payment_method",
        "metadata",
        "description",
        "pause_collection",
        "billing_cycle_anchor",
        "trial_end",
        "trial_settings",
        "payment_behavior",
        "payment_settings",
        "off_session",
        "collection_method",
        "days_until_due",
        "add_invoice_items",
        "automatic_tax",
        "default_tax_rates",
        "discounts",
        "invoice_settings",
        "pending_invoice_item_interval",
      ],
    },
  );

  router.delete(
    "/v1/subscriptions/:id",
    ({ pathParams, params }) => {
      const sub = getSubscription(engine, pathParams.id ?? "");
      if (sub.status === "canceled" || sub.status === "incomplete_expired") {
        throw invalidRequest(`This subscription has already been canceled (status: ${sub.status}).`);
      }
      const details = params.obj("cancellation_details");
      if (details) {
        sub.cancellation_details = {
          comment: details.text("comment") ?? null,
          feedback:
            (details.text("feedback") as Stripe.Subscription.CancellationDetails.Feedback | undefined) ??
            null,
          feedback_option: null,
          reason: null,
        };
      }
      return cancelSubscriptionNow(engine, sub, {
        invoiceNow: params.bool("invoice_now") ?? false,
        prorate: params.bool("prorate") ?? false,
      });
    },
    { params: ["invoice_now", "prorate", "cancellation_details"] },
  );

  router.post(
    "/v1/subscriptions/:id/resume",
    ({ pathParams, params }) => {
      const sub = getSubscription(engine, pathParams.id ?? "");
      if (sub.status !== "paused") {
        throw invalidRequest(`Only paused subscriptions can be resumed; this one is ${sub.status}.`);
      }
      const before = clone(sub);
      const now = engine.now();
      sub.status = "active";
      const anchor = anchorChoice(params) ?? "now";
      const proration =
        params.oneOf("proration_behavior", ["create_prorations", "none", "always_invoice"]) ??
        "create_prorations";
      if (anchor === "now") resetAnchor(sub, now);
      else {
        // Keep the anchor: no charge for the paused periods, a prorated charge for the rest of this one.
        const { interval, count } = intervalOf(sub);
        const period = periodContaining(sub.billing_cycle_anchor, interval, count, now);
        setPeriod(sub, period.start, period.end);
        if (proration !== "none") {
          prorationItems(
            engine,
            sub,
            sub.items.data.map((i) => ({ before: null, after: i })),
            now,
          );
        }
      }
      emitUpdatedOnce(engine, sub, before);
      engine.emit("customer.subscription.resumed", sub);
      if (anchor === "now")
        invoiceNow(engine, sub, fullPeriodLines(engine, sub), "subscription_update", true);
      else if (proration !== "none") invoiceNow(engine, sub, [], "subscription_update", true);
      return sub;
    },
    { params: ["billing_cycle_anchor", "proration_behavior", "proration_date"] },
  );

  router.get(
    "/v1/subscriptions",
    ({ params }) => {
      const customer = params.text("customer");
      const price = params.text("price");
      const status = params.text("status");
      const created = createdFilter(params);
      const items = engine.store.all("subscription").filter((s) => {
        if (customer && s.customer !== customer) return false;
        if (price && !s.items.data.some((i) => i.price.id === price)) return false;
        if (!status)
          return s.status !== "canceled" && s.status !== "incomplete_expired" && created(s.created);
        if (status === "all") return created(s.created);
        if (status === "ended")
          return (s.status === "canceled" || s.status === "incomplete_expired") && created(s.created);
        return s.status === status && created(s.created);
      });
      return paginate(items, params, "/v1/subscriptions", "subscription");
    },
    {
      params: [
        ...LIST_PARAMS,
        "customer",
        "price",
        "status",
        "created",
        "collection_method",
        "current_period_end",
        "current_period_start",
        "test_clock",
        "automatic_tax",
        "customer_account",
      ],
    },
  );

  router.get(
    "/v1/subscription_items",
    ({ params }) => {
      const sub = getSubscription(engine, params.required("subscription"));
      return paginate(
        [...sub.items.data].reverse(),
        params,
        `/v1/subscription_items?subscription=${sub.id}`,
        "subscription_item",
      );
    },
    { params: [...LIST_PARAMS, "subscription"] },
  );
}
