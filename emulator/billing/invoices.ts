/**
 * Invoices (basil+ shape): drafted with lines, finalized (number, hosted page, PDF, a
 * PaymentIntent for the amount due), paid by confirming that PaymentIntent — by the emulator for
 * automatic collection, or by the customer's browser through `confirmation_secret`.
 */
import type Stripe from "stripe";
import type { Engine } from "../engine";
import { invalidRequest, noSuch, StripeError } from "../http/errors";
import { createdFilter, fullList, LIST_PARAMS, paginate } from "../http/lists";
import { applyMetadata, Params } from "../http/params";
import type { Router } from "../http/router";
import { newId, randomBase62 } from "../ids";
import { intentMeta } from "../resources/intent-common";
import { confirmPaymentIntent, getPaymentIntent, insertPaymentIntent } from "../resources/payment-intents";
import { getPrice } from "../resources/products-prices";
import { currencyParam, customerParam, metadataOf } from "../resources/shared";
import type { InvoiceMeta } from "../store";

export interface LineSpec {
  amount: number;
  description: string;
  price: Stripe.Price | null;
  quantity: number;
  period: { start: number; end: number };
  proration: boolean;
  subscriptionItem?: string | null;
  invoiceItem?: string | null;
}

export function getInvoice(engine: Engine, id: string): Stripe.Invoice {
  const inv = engine.store.get("invoice", id);
  if (!inv) throw noSuch("invoice", id);
  return inv;
}

export function invoiceMeta(engine: Engine, id: string): InvoiceMeta {
  const map = engine.store.state.meta.invoice;
  map[id] ??= { token: `inv_${randomBase62(28)}`, paymentIntent: null, charge: null, paidOutOfBand: false };
  return map[id];
}

export function subscriptionOf(invoice: Stripe.Invoice): string | null {
  const sub = invoice.parent?.subscription_details?.subscription;
  return typeof sub === "string" ? sub : (sub?.id ?? null);
}

function lineItem(
  invoice: Stripe.Invoice,
  spec: LineSpec,
  subscription: string | null,
): Stripe.InvoiceLineItem {
  const product = spec.price
    ? typeof spec.price.product === "string"
      ? spec.price.product
      : spec.price.product.id
    : null;
  return {
    id: newId("il_"),
    object: "line_item",
    amount: spec.amount,
    currency: invoice.currency,
    description: spec.description,
    discount_amounts: [],
    discountable: !spec.proration,
    discounts: [],
    invoice: invoice.id,
    livemode: false,
    metadata: {},
    parent: spec.subscriptionItem
      ? {
          type: "subscription_item_details",
          invoice_item_details: null,
          subscription_item_details: {
            invoice_item: spec.invoiceItem ?? null,
            proration: spec.proration,
            proration_details: { credited_items: null },
            subscription,
            subscription_item: spec.subscriptionItem,
          },
        }
      : {
          type: "invoice_item_details",
          invoice_item_details: {
            invoice_item: spec.invoiceItem ?? "",
            proration: spec.proration,
            proration_details: { credited_items: null },
            subscription,
          },
          subscription_item_details: null,
        },
    period: spec.period,
    pretax_credit_amounts: [],
    pricing:
      spec.price && product
        ? {
            price_details: { price: spec.price.id, product },
            type: "price_details",
            unit_amount_decimal: spec.price.unit_amount_decimal,
          }
        : null,
    quantity: spec.quantity,
    quantity_decimal: String(spec.quantity) as unknown as Stripe.InvoiceLineItem["quantity_decimal"],
    subscription,
    subtotal: spec.amount,
    taxes: [],
  };
}

/** Creates a draft invoice and emits `invoice.created`. */
export function draftInvoice(
  engine: Engine,
  init: {
    customer: Stripe.Customer;
    currency: string;
    subscription: Stripe.Subscription | null;
    lines: LineSpec[];
    billingReason: Stripe.Invoice.BillingReason;
    periodStart: number;
    periodEnd: number;
    description?: string | null;
    collectionMethod?: Stripe.Invoice.CollectionMethod;
    daysUntilDue?: number | null;
    metadata?: Record<string, string>;
    autoAdvance?: boolean;
  },
): Stripe.Invoice {
  const now = engine.now();
  const c = init.customer;
  const invoice: Stripe.Invoice = {
    id: newId("in_"),
    object: "invoice",
    account_country: "US",
    account_name: "Onramp (emulated Stripe account)",
    account_tax_ids: null,
    amount_due: 0,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: 0,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: init.autoAdvance ?? true,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: null,
    billing_reason: init.billingReason,
    collection_method: init.collectionMethod ?? "charge_automatically",
    created: now,
    currency: init.currency,
    custom_fields: null,
    customer: c.id,
    customer_account: null,
    customer_address: c.address ?? null,
    customer_email: c.email,
    customer_name: c.name ?? null,
    customer_phone: c.phone ?? null,
    customer_shipping: c.shipping,
    customer_tax_exempt: c.tax_exempt ?? "none",
    customer_tax_ids: [],
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: init.description ?? null,
    discounts: [],
    due_date: init.collectionMethod === "send_invoice" ? now + (init.daysUntilDue ?? 30) * 86400 : null,
    effective_at: null,
    ending_balance: null,
    footer: c.invoice_settings.footer,
    from_invoice: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    issuer: { type: "self" },
    last_finalization_error: null,
    latest_revision: null,
    lines: fullList([], ""),
    livemode: false,
    metadata: init.metadata ?? {},
    next_payment_attempt: null,
    number: null,
    on_behalf_of: null,
    parent: init.subscription
      ? {
          quote_details: null,
          subscription_details: {
            metadata: { ...init.subscription.metadata },
            subscription: init.subscription.id,
          },
          type: "subscription_details",
        }
      : null,
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: init.periodEnd,
    period_start: init.periodStart,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: null,
    status: "draft",
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subtotal: 0,
    subtotal_excluding_tax: 0,
    test_clock: null,
    total: 0,
    total_discount_amounts: [],
    total_excluding_tax: 0,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: null,
  };
  const subId = init.subscription?.id ?? null;
  invoice.lines = fullList(
    init.lines.map((l) => lineItem(invoice, l, subId)),
    `/v1/invoices/${invoice.id}/lines`,
  );
  recomputeTotals(invoice);
  engine.store.put("invoice", invoice);
  invoiceMeta(engine, invoice.id);
  // Pending invoice items of the customer (prorations, one-off items) join subscription invoices.
  engine.emit("invoice.created", invoice);
  return invoice;
}

function recomputeTotals(invoice: Stripe.Invoice): void {
  const subtotal = invoice.lines.data.reduce((sum, l) => sum + l.amount, 0);
  invoice.subtotal = subtotal;
  invoice.subtotal_excluding_tax = subtotal;
  invoice.total = subtotal;
  invoice.total_excluding_tax = subtotal;
  invoice.amount_due = Math.max(0, subtotal);
  invoice.amount_remaining = invoice.amount_due - invoice.amount_paid;
}

/** Moves a customer's pending invoice items onto `invoice` (Stripe's default for new invoices). */
export function pullPendingItems(engine: Engine, invoice: Stripe.Invoice, subscription: string | null): void {
  const items = engine.store
    .all("invoiceitem")
    .filter(
      (ii) =>
        ii.customer === invoice.customer &&
        ii.invoice === null &&
        !engine.store.state.deleted[ii.id] &&
        (subscription === null ||
          invoiceItemSubscription(ii) === null ||
          invoiceItemSubscription(ii) === subscription),
    );
  for (const ii of items) {
    ii.invoice = invoice.id;
    const price = ii.pricing?.price_details?.price
      ? (engine.store.get("price", ii.pricing.price_details.price as string) ?? null)
      : null;
    invoice.lines.data.push(
      lineItem(
        invoice,
        {
          amount: ii.amount,
          description: ii.description ?? "Invoice item",
          price,
          quantity: ii.quantity,
          period: ii.period,
          proration: ii.proration,
          invoiceItem: ii.id,
          subscriptionItem: ii.parent?.subscription_details?.subscription_item ?? null,
        },
        subscription,
      ),
    );
  }
  recomputeTotals(invoice);
}

function invoiceItemSubscription(ii: Stripe.InvoiceItem): string | null {
  const s = ii.parent?.subscription_details?.subscription;
  return typeof s === "string" ? s : null;
}

/**
 * Draft → open: applies customer credit balance, numbers it, adds the hosted page and PDF, and
 * creates the PaymentIntent for the amount due. A $0 invoice is paid at once.
 */
export function finalizeInvoice(
  engine: Engine,
  invoice: Stripe.Invoice,
  opts: { paymentIntent?: Stripe.PaymentIntent } = {},
): Stripe.Invoice {
  if (invoice.status !== "draft") {
    throw invalidRequest("This invoice is already finalized, you can't re-finalize a non-draft invoice.");
  }
  const customer = engine.store.get("customer", String(invoice.customer));
  const now = engine.now();
  const meta = invoiceMeta(engine, invoice.id);
  recomputeTotals(invoice);
  const balance = customer?.balance ?? 0;
  invoice.starting_balance = balance;
  let applied = 0;
  if (invoice.total > 0 && balance < 0) applied = Math.min(invoice.total, -balance);
  const endingBalance = invoice.total < 0 ? balance + invoice.total : balance + applied;
  invoice.amount_due = Math.max(0, invoice.total - applied);
  invoice.amount_remaining = invoice.amount_due;
  invoice.ending_balance = endingBalance;
  if (customer && endingBalance !== balance) {
    customer.balance = endingBalance;
  }
  if (customer) {
    invoice.number = `${customer.invoice_prefix}-${String(customer.next_invoice_sequence ?? 1).padStart(4, "0")}`;
    customer.next_invoice_sequence = (customer.next_invoice_sequence ?? 1) + 1;
  }
  invoice.status = "open";
  invoice.effective_at = now;
  invoice.status_transitions.finalized_at = now;
  invoice.hosted_invoice_url = engine.url(`/i/${meta.token}`);
  invoice.invoice_pdf = engine.url(`/i/${meta.token}/pdf`);
  engine.store.state.invoiceTokens[meta.token] = invoice.id;
  if (invoice.amount_due > 0 && opts.paymentIntent) {
    // Hosted Checkout collected the money first; its PaymentIntent pays this invoice.
    meta.paymentIntent = opts.paymentIntent.id;
    intentMeta(engine, "payment_intent", opts.paymentIntent.id).invoice = invoice.id;
    engine.store.put("invoice_payment", invoicePayment(engine, invoice, opts.paymentIntent.id));
  } else if (invoice.amount_due > 0) {
    const sub = subscriptionOf(invoice);
    const subscription = sub ? engine.store.get("subscription", sub) : undefined;
    const pi = insertPaymentIntent(engine, {
      amount: invoice.amount_due,
      currency: invoice.currency,
      customer: String(invoice.customer),
      description:
        invoice.billing_reason === "subscription_create"
          ? "Subscription creation"
          : invoice.billing_reason === "subscription_cycle"
            ? "Subscription cycle"
            : invoice.billing_reason === "subscription_update"
              ? "Subscription update"
              : `Invoice ${invoice.number ?? invoice.id}`,
      setupFutureUsage:
        subscription?.payment_settings?.save_default_payment_method === "on_subscription"
          ? "off_session"
          : null,
      // Invoice PaymentIntents list their methods explicitly, so no return_url is needed to confirm.
      automaticPaymentMethods: null,
      version: engine.config.apiVersion,
    });
    meta.paymentIntent = pi.id;
    intentMeta(engine, "payment_intent", pi.id).invoice = invoice.id;
    engine.store.put("invoice_payment", invoicePayment(engine, invoice, pi.id));
    engine.emit("payment_intent.created", pi);
  }
  engine.emit("invoice.finalized", invoice);
  if (invoice.amount_due === 0) markInvoicePaid(engine, invoice, { outOfBand: false });
  engine.store.markDirty();
  return invoice;
}

function invoicePayment(
  engine: Engine,
  invoice: Stripe.Invoice,
  paymentIntent: string,
): Stripe.InvoicePayment {
  return {
    id: newId("inpay_"),
    object: "invoice_payment",
    amount_paid: null,
    amount_requested: invoice.amount_due,
    created: engine.now(),
    currency: invoice.currency,
    invoice: invoice.id,
    is_default: true,
    livemode: false,
    payment: { type: "payment_intent", payment_intent: paymentIntent },
    status: "open",
    status_transitions: { canceled_at: null, paid_at: null },
  };
}

/** Marks paid, emits `invoice.paid` + `invoice.payment_succeeded`, then tells subscriptions. */
export function markInvoicePaid(
  engine: Engine,
  invoice: Stripe.Invoice,
  opts: { outOfBand: boolean; paymentIntent?: Stripe.PaymentIntent },
): void {
  if (invoice.status === "paid") return;
  const now = engine.now();
  const meta = invoiceMeta(engine, invoice.id);
  invoice.amount_paid = invoice.amount_due;
  invoice.amount_remaining = 0;
  invoice.status = "paid";
  invoice.attempted = invoice.attempted || invoice.amount_due > 0;
  invoice.next_payment_attempt = null;
  invoice.status_transitions.paid_at = now;
  meta.paidOutOfBand = opts.outOfBand;
  if (opts.paymentIntent) {
    meta.charge =
      typeof opts.paymentIntent.latest_charge === "string" ? opts.paymentIntent.latest_charge : null;
    invoice.default_payment_method = null;
    for (const ip of engine.store.all("invoice_payment")) {
      if (ip.invoice === invoice.id && ip.payment.payment_intent === opts.paymentIntent.id) {
        ip.status = "paid";
        ip.amount_paid = opts.paymentIntent.amount_received || invoice.amount_paid;
        ip.status_transitions.paid_at = now;
      }
    }
  }
  engine.emit("invoice.paid", invoice);
  engine.emit("invoice.payment_succeeded", invoice);
  engine.fire("invoice.paid", invoice.id);
  engine.store.markDirty();
}

/**
 * Tries to collect an open invoice with `paymentMethod` (or the subscription's / customer's
 * default). Outcomes arrive through the PaymentIntent hooks; returns the resulting PI status.
 */
export function attemptInvoicePayment(
  engine: Engine,
  invoice: Stripe.Invoice,
  opts: { paymentMethod?: string | null; offSession: boolean },
): Stripe.PaymentIntent.Status | "no_payment_method" | "nothing_due" {
  if (invoice.status !== "open") return "nothing_due";
  const meta = invoiceMeta(engine, invoice.id);
  if (!meta.paymentIntent) return "nothing_due";
  const pi = getPaymentIntent(engine, meta.paymentIntent);
  const subId = subscriptionOf(invoice);
  const sub = subId ? engine.store.get("subscription", subId) : undefined;
  const customer = engine.store.get("customer", String(invoice.customer));
  const pm =
    opts.paymentMethod ??
    (typeof sub?.default_payment_method === "string" ? sub.default_payment_method : null) ??
    (typeof customer?.invoice_settings.default_payment_method === "string"
      ? customer.invoice_settings.default_payment_method
      : null);
  if (!pm) {
    invoice.attempt_count += 1;
    invoice.attempted = true;
    engine.emit("invoice.payment_failed", invoice);
    engine.fire("invoice.payment_failed", invoice.id);
    return "no_payment_method";
  }
  try {
    confirmPaymentIntent(
      engine,
      pi,
      new Params({ payment_method: pm, off_session: String(opts.offSession) }),
      engine.config.apiVersion,
      { publishable: false, internal: true },
    );
  } catch (error) {
    if (!(error instanceof StripeError)) throw error;
    if (error.status !== 402) throw error;
  }
  return pi.status;
}

export function voidInvoice(engine: Engine, invoice: Stripe.Invoice): Stripe.Invoice {
  if (invoice.status !== "open" && invoice.status !== "uncollectible" && invoice.status !== "draft") {
    throw invalidRequest(`You can only void open invoices (this one is ${invoice.status}).`);
  }
  if (invoice.status === "draft") finalizeQuietly(engine, invoice);
  invoice.status = "void";
  invoice.amount_remaining = 0;
  invoice.status_transitions.voided_at = engine.now();
  invoice.next_payment_attempt = null;
  const meta = invoiceMeta(engine, invoice.id);
  if (meta.paymentIntent) {
    const pi = engine.store.get("payment_intent", meta.paymentIntent);
    if (pi && !["succeeded", "canceled"].includes(pi.status)) {
      pi.status = "canceled";
      pi.canceled_at = engine.now();
      pi.cancellation_reason = "void_invoice";
      pi.next_action = null;
      engine.emit("payment_intent.canceled", pi);
    }
  }
  engine.emit("invoice.voided", invoice);
  engine.store.markDirty();
  return invoice;
}

function finalizeQuietly(engine: Engine, invoice: Stripe.Invoice): void {
  const meta = invoiceMeta(engine, invoice.id);
  invoice.status_transitions.finalized_at = engine.now();
  invoice.hosted_invoice_url = engine.url(`/i/${meta.token}`);
  invoice.invoice_pdf = engine.url(`/i/${meta.token}/pdf`);
  engine.store.state.invoiceTokens[meta.token] = invoice.id;
}

export function invoiceByToken(engine: Engine, token: string): Stripe.Invoice | undefined {
  const id = engine.store.state.invoiceTokens[token];
  return id ? engine.store.get("invoice", id) : undefined;
}

export function createInvoiceItem(
  engine: Engine,
  init: {
    customer: string;
    amount: number;
    currency: string;
    description: string;
    price?: Stripe.Price | null;
    quantity?: number;
    period: { start: number; end: number };
    proration: boolean;
    subscription?: string | null;
    subscriptionItem?: string | null;
    metadata?: Record<string, string>;
  },
): Stripe.InvoiceItem {
  const price = init.price ?? null;
  const product = price ? (typeof price.product === "string" ? price.product : price.product.id) : null;
  const item: Stripe.InvoiceItem = {
    id: newId("ii_"),
    object: "invoiceitem",
    amount: init.amount,
    currency: init.currency,
    customer: init.customer,
    customer_account: null,
    date: engine.now(),
    description: init.description,
    discountable: !init.proration,
    discounts: [],
    invoice: null,
    livemode: false,
    metadata: init.metadata ?? {},
    net_amount: init.amount,
    parent: init.subscription
      ? {
          subscription_details: {
            subscription: init.subscription,
            subscription_item: init.subscriptionItem ?? undefined,
          },
          type: "subscription_details",
        }
      : null,
    period: init.period,
    pricing:
      price && product
        ? {
            price_details: { price: price.id, product },
            type: "price_details",
            unit_amount_decimal: price.unit_amount_decimal,
          }
        : null,
    proration: init.proration,
    proration_details: { credited_items: null, discount_amounts: [] },
    quantity: init.quantity ?? 1,
    quantity_decimal: String(init.quantity ?? 1) as unknown as Stripe.InvoiceItem["quantity_decimal"],
    tax_rates: [],
    test_clock: null,
  };
  engine.store.put("invoiceitem", item);
  engine.emit("invoiceitem.created", item);
  return item;
}

export function registerInvoices(router: Router, engine: Engine): void {
  engine.includables.set("invoice.confirmation_secret", (owner) => {
    const meta = engine.store.state.meta.invoice[String(owner.id)];
    const pi = meta?.paymentIntent ? engine.store.get("payment_intent", meta.paymentIntent) : undefined;
    if (!pi || owner.status !== "open") return null;
    return { client_secret: pi.client_secret, type: "payment_intent" };
  });
  engine.includables.set("invoice.payments", (owner) => {
    const data = engine.store.all("invoice_payment").filter((ip) => ip.invoice === owner.id);
    return { object: "list", data, has_more: false, url: `/v1/invoice_payments?invoice=${String(owner.id)}` };
  });

  router.get("/v1/invoices/:id", ({ pathParams }) => getInvoice(engine, pathParams.id ?? ""));

  router.get(
    "/v1/invoices",
    ({ params }) => {
      const customer = params.text("customer");
      const subscription = params.text("subscription");
      const status = params.oneOf("status", ["draft", "open", "paid", "uncollectible", "void"]);
      const collection = params.text("collection_method");
      const created = createdFilter(params);
      const items = engine.store
        .all("invoice")
        .filter(
          (inv) =>
            (!customer || inv.customer === customer) &&
            (!subscription || subscriptionOf(inv) === subscription) &&
            (!status || inv.status === status) &&
            (!collection || inv.collection_method === collection) &&
            created(inv.created),
        );
      return paginate(items, params, "/v1/invoices", "invoice");
    },
    {
      params: [
        ...LIST_PARAMS,
        "customer",
        "subscription",
        "status",
        "collection_method",
        "created",
        "due_date",
        "customer_account",
      ],
    },
  );

  router.get(
    "/v1/invoices/:id/lines",
    ({ pathParams, params }) => {
      const inv = getInvoice(engine, pathParams.id ?? "");
      return paginate([...inv.lines.data].reverse(), params, `/v1/invoices/${inv.id}/lines`, "line_item");
    },
    { params: LIST_PARAMS },
  );

  router.post(
    "/v1/invoices",
    ({ params }) => {
      const customer = customerParam(engine, params.required("customer"));
      const currency = currencyParam(params, "currency", false) ?? "usd";
      const now = engine.now();
      const invoice = draftInvoice(engine, {
        customer,
        currency,
        subscription: null,
        lines: [],
        billingReason: "manual",
        periodStart: now,
        periodEnd: now,
        description: params.text("description") ?? null,
        collectionMethod:
          params.oneOf("collection_method", ["charge_automatically", "send_invoice"]) ??
          "charge_automatically",
        daysUntilDue: params.int("days_until_due", { min: 0 }) ?? null,
        metadata: metadataOf(params),
        autoAdvance: params.bool("auto_advance") ?? false,
      });
      if (
        (params.oneOf("pending_invoice_items_behavior", ["include", "exclude"]) ?? "exclude") === "include"
      ) {
        pullPendingItems(engine, invoice, null);
      }
      const dpm = params.text("default_payment_method");
      if (dpm) invoice.default_payment_method = dpm;
      return invoice;
    },
    {
      params: [
        "customer",
        "currency",
        "description",
        "collection_method",
        "days_until_due",
        "metadata",
        "auto_advance",
        "pending_invoice_items_behavior",
        "default_payment_method",
        "subscription",
        "footer",
        "due_date",
      ],
    },
  );

  router.post(
    "/v1/invoices/:id",
    ({ pathParams, params }) => {
      const inv = getInvoice(engine, pathParams.id ?? "");
      inv.metadata = applyMetadata(inv.metadata ?? {}, params);
      if (params.has("description")) inv.description = params.nullableText("description") ?? null;
      if (params.has("auto_advance")) inv.auto_advance = params.bool("auto_advance") ?? inv.auto_advance;
      if (params.has("footer")) inv.footer = params.nullableText("footer") ?? null;
      engine.emit("invoice.updated", inv);
      return inv;
    },
    {
      params: [
        "metadata",
        "description",
        "auto_advance",
        "footer",
        "default_payment_method",
        "days_until_due",
        "due_date",
        "collection_method",
      ],
    },
  );

  router.post(
    "/v1/invoices/:id/finalize",
    ({ pathParams }) => finalizeInvoice(engine, getInvoice(engine, pathParams.id ?? "")),
    { params: ["auto_advance"] },
  );

  router.post(
    "/v1/invoices/:id/pay",
    ({ pathParams, params }) => {
      const inv = getInvoice(engine, pathParams.id ?? "");
      if (inv.status === "draft") finalizeInvoice(engine, inv);
      if (inv.status === "paid")
        throw invalidRequest("Invoice is already paid", { code: "invoice_already_paid" });
      if (inv.status !== "open" && inv.status !== "uncollectible") {
        throw invalidRequest(`You cannot pay an invoice with status ${inv.status}.`, {
          code: "invoice_not_open",
        });
      }
      if (params.bool("paid_out_of_band")) {
        markInvoicePaid(engine, inv, { outOfBand: true });
        return inv;
      }
      const pm = params.text("payment_method") ?? null;
      const status = attemptInvoicePayment(engine, inv, {
        paymentMethod: pm,
        offSession: params.bool("off_session") ?? true,
      });
      if (status === "no_payment_method") {
        throw invalidRequest(
          "This customer has no attached payment source or default payment method. Please consider adding a default payment method.",
          { code: "invoice_no_customer_payment_method" },
        );
      }
      if (status === "requires_payment_method") {
        const pi = getPaymentIntent(engine, invoiceMeta(engine, inv.id).paymentIntent ?? "");
        const err = pi.last_payment_error;
        throw new StripeError({
          status: 402,
          type: "card_error",
          code: err?.code ?? "card_declined",
          decline_code: err?.decline_code,
          message: err?.message ?? "Your card was declined.",
          extra: { payment_intent: pi },
        });
      }
      if (status === "requires_action") {
        throw new StripeError({
          status: 402,
          type: "card_error",
          code: "invoice_payment_intent_requires_action",
          message: "This payment requires additional user action before it can be completed successfully.",
        });
      }
      return inv;
    },
    { params: ["payment_method", "off_session", "paid_out_of_band", "forgive", "mandate", "source"] },
  );

  router.post(
    "/v1/invoices/:id/void",
    ({ pathParams }) => voidInvoice(engine, getInvoice(engine, pathParams.id ?? "")),
    {
      params: [],
    },
  );

  router.post(
    "/v1/invoices/:id/mark_uncollectible",
    ({ pathParams }) => {
      const inv = getInvoice(engine, pathParams.id ?? "");
      if (inv.status !== "open")
        throw invalidRequest(`You can only mark open invoices uncollectible (this one is ${inv.status}).`);
      inv.status = "uncollectible";
      inv.status_transitions.marked_uncollectible_at = engine.now();
      inv.next_payment_attempt = null;
      engine.emit("invoice.marked_uncollectible", inv);
      return inv;
    },
    { params: [] },
  );

  router.get(
    "/v1/invoice_payments",
    ({ params }) => {
      const invoice = params.text("invoice");
      const items = engine.store.all("invoice_payment").filter((ip) => !invoice || ip.invoice === invoice);
      return paginate(items, params, "/v1/invoice_payments", "invoice_payment");
    },
    { params: [...LIST_PARAMS, "invoice", "payment", "status", "created"] },
  );

  router.get("/v1/invoice_payments/:id", ({ pathParams }) => {
    const ip = engine.store.get("invoice_payment", pathParams.id ?? "");
    if (!ip) throw noSuch("invoice_payment", pathParams.id ?? "");
    return ip;
  });

  router.post(
    "/v1/invoiceitems",
    ({ params }) => {
      const customer = customerParam(engine, params.required("customer"));
      const priceId = params.text("price") ?? params.obj("pricing")?.text("price");
      const price = priceId ? getPrice(engine, priceId, "price") : null;
      const quantity = params.int("quantity", { min: 1 }) ?? 1;
      const amount = price
        ? (price.unit_amount ?? 0) * quantity
        : (params.int("amount", { required: true }) ?? 0);
      const currency = price?.currency ?? currencyParam(params) ?? "usd";
      const now = engine.now();
      const invoiceId = params.text("invoice");
      const item = createInvoiceItem(engine, {
        customer: customer.id,
        amount,
        currency,
        description: params.text("description") ?? "Invoice item",
        price,
        quantity,
        period: { start: now, end: now },
        proration: false,
        metadata: metadataOf(params),
      });
      if (invoiceId) {
        const inv = getInvoice(engine, invoiceId);
        if (inv.status !== "draft")
          throw invalidRequest("You can only add items to draft invoices.", { param: "invoice" });
        pullPendingItems(engine, inv, null);
      }
      return item;
    },
    {
      params: [
        "customer",
        "amount",
        "currency",
        "description",
        "price",
        "pricing",
        "quantity",
        "metadata",
        "invoice",
        "period",
        "subscription",
        "discountable",
        "tax_behavior",
        "price_data",
      ],
    },
  );

  router.get(
    "/v1/invoiceitems",
    ({ params }) => {
      const customer = params.text("customer");
      const pending = params.bool("pending");
      const items = engine.store
        .all("invoiceitem")
        .filter(
          (ii) =>
            (!customer || ii.customer === customer) &&
            (pending === undefined || (ii.invoice === null) === pending),
        );
      return paginate(items, params, "/v1/invoiceitems", "invoiceitem");
    },
    { params: [...LIST_PARAMS, "customer", "pending", "invoice", "created"] },
  );

  router.get("/v1/invoiceitems/:id", ({ pathParams }) => {
    const ii = engine.store.get("invoiceitem", pathParams.id ?? "");
    if (!ii) throw noSuch("invoiceitem", pathParams.id ?? "");
    return ii;
  });
}

export function invoiceForPaymentIntent(engine: Engine, piId: string): Stripe.Invoice | undefined {
  const id = engine.store.state.meta.payment_intent[piId]?.invoice;
  return id ? engine.store.get("invoice", id) : undefined;
}

export function attemptCountBump(invoice: Stripe.Invoice): void {
  invoice.attempt_count += 1;
  invoice.attempted = true;
}
