import type Stripe from "stripe";
import { clone, type Engine, previousAttributes } from "../engine";
import { invalidRequest, noSuch } from "../http/errors";
import { createdFilter, LIST_PARAMS, paginate } from "../http/lists";
import { applyMetadata, type Params } from "../http/params";
import type { Router } from "../http/router";
import { newId, randomBase62 } from "../ids";
import { attachPaymentMethod, resolvePaymentMethod } from "./payment-methods";
import { metadataOf, readAddress, readShipping } from "./shared";

const WRITABLE = [
  "address",
  "balance",
  "description",
  "email",
  "invoice_prefix",
  "invoice_settings",
  "metadata",
  "name",
  "phone",
  "preferred_locales",
  "shipping",
  "tax_exempt",
  "next_invoice_sequence",
] as const;

export function getCustomer(engine: Engine, id: string): Stripe.Customer {
  const c = engine.store.get("customer", id);
  if (!c) throw noSuch("customer", id);
  return c;
}

/** Validates `invoice_settings[default_payment_method]`: the PM must be attached to this customer. */
function applyInvoiceSettings(engine: Engine, customer: Stripe.Customer, p: Params | undefined): void {
  if (!p) return;
  p.allowOnly(["default_payment_method", "custom_fields", "footer", "rendering_options"]);
  if (p.has("default_payment_method")) {
    const pmId = p.nullableText("default_payment_method");
    if (pmId) {
      const pm = engine.store.get("payment_method", pmId);
      if (!pm || pm.customer !== customer.id) {
        throw invalidRequest(
          `The customer does not have a payment method with the ID ${pmId}. The payment method must be attached to the customer.`,
          { param: "invoice_settings[default_payment_method]" },
        );
      }
    }
    customer.invoice_settings.default_payment_method = pmId ?? null;
  }
  if (p.has("footer")) customer.invoice_settings.footer = p.nullableText("footer") ?? null;
}

function applyWritable(
  engine: Engine,
  customer: Stripe.Customer,
  p: Params,
  withInvoiceSettings = true,
): void {
  if (p.has("address")) customer.address = p.isEmpty("address") ? null : readAddress(p.obj("address"));
  if (p.has("balance")) customer.balance = p.int("balance") ?? 0;
  if (p.has("description")) customer.description = p.nullableText("description") ?? null;
  if (p.has("email")) customer.email = p.nullableText("email") ?? null;
  if (p.has("invoice_prefix")) {
    const prefix = p.text("invoice_prefix");
    if (prefix && !/^[A-Z0-9]{3,12}$/.test(prefix)) {
      throw invalidRequest("Invoice prefix must be 3-12 uppercase letters or numbers.", {
        param: "invoice_prefix",
      });
    }
    if (prefix) customer.invoice_prefix = prefix;
  }
  if (p.has("name")) customer.name = p.nullableText("name") ?? null;
  if (p.has("phone")) customer.phone = p.nullableText("phone") ?? null;
  if (p.has("preferred_locales")) customer.preferred_locales = p.strings("preferred_locales") ?? [];
  if (p.has("shipping")) customer.shipping = p.isEmpty("shipping") ? null : readShipping(p.obj("shipping"));
  if (p.has("tax_exempt"))
    customer.tax_exempt = p.oneOf("tax_exempt", ["none", "exempt", "reverse"]) ?? "none";
  if (p.has("next_invoice_sequence"))
    customer.next_invoice_sequence = p.int("next_invoice_sequence", { min: 1 }) ?? 1;
  customer.metadata = applyMetadata(customer.metadata, p);
  if (withInvoiceSettings) applyInvoiceSettings(engine, customer, p.obj("invoice_settings"));
}

export function createCustomer(engine: Engine, p: Params): Stripe.Customer {
  const customer: Stripe.Customer = {
    id: newId("cus_", 14),
    object: "customer",
    address: null,
    balance: 0,
    created: engine.now(),
    currency: null,
    default_source: null,
    delinquent: false,
    description: null,
    discount: null,
    email: null,
    invoice_prefix: randomBase62(8)
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, "X"),
    invoice_settings: {
      custom_fields: null,
      default_payment_method: null,
      footer: null,
      rendering_options: null,
    },
    livemode: false,
    metadata: metadataOf(p),
    name: null,
    next_invoice_sequence: 1,
    phone: null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: "none",
    test_clock: null,
    customer_account: null,
  };
  const pmParam = p.text("payment_method");
  const settings = p.obj("invoice_settings");
  // invoice_settings may name the PM passed in `payment_method`, which is attached first.
  applyWritable(engine, customer, p, false);
  engine.store.put("customer", customer);
  // Attach first (invoice_settings may name this PM), then announce the finished customer.
  const attached = pmParam
    ? attachPaymentMethod(engine, resolvePaymentMethod(engine, pmParam, "payment_method"), customer.id, {
        emit: false,
      })
    : null;
  applyInvoiceSettings(engine, customer, settings);
  engine.emit("customer.created", customer);
  if (attached) engine.emit("payment_method.attached", attached);
  return customer;
}

export function updateCustomer(engine: Engine, customer: Stripe.Customer, p: Params): Stripe.Customer {
  const before = clone(customer);
  applyWritable(engine, customer, p);
  const prev = previousAttributes(before, customer);
  if (Object.keys(prev).length > 0) {
    engine.store.markDirty();
    engine.emit("customer.updated", customer, prev);
  }
  return customer;
}

export function registerCustomers(router: Router): void {
  router.post("/v1/customers", ({ engine, params }) => createCustomer(engine, params), {
    params: [...WRITABLE, "payment_method", "source", "test_clock", "tax", "tax_id_data", "cash_balance"],
  });

  router.get("/v1/customers/:id", ({ engine, pathParams }) => {
    const c = getCustomer(engine, pathParams.id ?? "");
    if (engine.store.state.deleted[c.id]) return { id: c.id, object: "customer", deleted: true };
    return c;
  });

  router.post(
    "/v1/customers/:id",
    ({ engine, pathParams, params }) => {
      const c = getCustomer(engine, pathParams.id ?? "");
      if (engine.store.state.deleted[c.id]) throw noSuch("customer", c.id);
      if (params.has("default_source") && params.text("default_source")) {
        throw invalidRequest("The emulator does not support sources; use PaymentMethods.", {
          param: "default_source",
        });
      }
      return updateCustomer(engine, c, params);
    },
    { params: [...WRITABLE, "default_source", "source", "tax", "cash_balance"] },
  );

  router.delete("/v1/customers/:id", ({ engine, pathParams }) => {
    const c = getCustomer(engine, pathParams.id ?? "");
    if (engine.store.state.deleted[c.id]) throw noSuch("customer", c.id);
    engine.store.state.deleted[c.id] = true;
    // Deleting a customer cancels its subscriptions immediately, as Stripe does.
    for (const sub of engine.store.all("subscription")) {
      if (sub.customer === c.id && !["canceled", "incomplete_expired"].includes(sub.status)) {
        sub.status = "canceled";
        sub.canceled_at = engine.now();
        sub.ended_at = engine.now();
        sub.cancellation_details = {
          comment: null,
          feedback: null,
          feedback_option: null,
          reason: "cancellation_requested",
        };
        engine.emit("customer.subscription.deleted", sub);
      }
    }
    engine.emit("customer.deleted", c);
    engine.store.markDirty();
    return { id: c.id, object: "customer", deleted: true };
  });

  router.get(
    "/v1/customers",
    ({ engine, params }) => {
      const email = params.text("email");
      const created = createdFilter(params);
      const items = engine.store
        .all("customer")
        .filter(
          (c) => !engine.store.state.deleted[c.id] && (!email || c.email === email) && created(c.created),
        );
      return paginate(items, params, "/v1/customers", "customer");
    },
    { params: [...LIST_PARAMS, "email", "created", "test_clock"] },
  );

  router.get(
    "/v1/customers/:id/payment_methods",
    ({ engine, pathParams, params }) => {
      const c = getCustomer(engine, pathParams.id ?? "");
      const type = params.text("type");
      const items = engine.store
        .all("payment_method")
        .filter((pm) => pm.customer === c.id && (!type || pm.type === type));
      return paginate(items, params, `/v1/customers/${c.id}/payment_methods`, "payment_method");
    },
    { params: [...LIST_PARAMS, "type", "allow_redisplay"] },
  );

  router.get("/v1/customers/:id/payment_methods/:pm", ({ engine, pathParams }) => {
    const c = getCustomer(engine, pathParams.id ?? "");
    const pm = engine.store.get("payment_method", pathParams.pm ?? "");
    if (!pm || pm.customer !== c.id) throw noSuch("payment_method", pathParams.pm ?? "", "customer", 404);
    return pm;
  });
}
