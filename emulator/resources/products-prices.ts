/** Products and Prices (spec §2.6). */
import type Stripe from "stripe";
import { clone, type Engine, previousAttributes } from "../engine";
import { invalidRequest, noSuch } from "../http/errors";
import { createdFilter, LIST_PARAMS, paginate } from "../http/lists";
import { applyMetadata, Params } from "../http/params";
import type { Router } from "../http/router";
import { newId } from "../ids";
import { currencyParam, metadataOf } from "./shared";

export function getProduct(engine: Engine, id: string, param = "id"): Stripe.Product {
  const p = engine.store.get("product", id);
  if (!p || engine.store.state.deleted[id]) throw noSuch("product", id, param);
  return p;
}

/** Unknown prices are reported on `param: price` even when the id is in the URL, as Stripe does. */
export function getPrice(engine: Engine, id: string, param = "id"): Stripe.Price {
  const p = engine.store.get("price", id);
  if (!p || engine.store.state.deleted[id])
    throw noSuch("price", id, param === "id" ? "price" : param, param === "id" ? 404 : 400);
  return p;
}

export function insertProduct(
  engine: Engine,
  init: { name: string; description?: string | null; metadata?: Record<string, string>; active?: boolean },
): Stripe.Product {
  const now = engine.now();
  const product: Stripe.Product = {
    id: newId("prod_", 14),
    object: "product",
    active: init.active ?? true,
    created: now,
    default_price: null,
    description: init.description ?? null,
    images: [],
    livemode: false,
    marketing_features: [],
    metadata: init.metadata ?? {},
    name: init.name,
    package_dimensions: null,
    shippable: null,
    statement_descriptor: null,
    tax_code: null,
    tax_details: null,
    type: "service",
    unit_label: null,
    updated: now,
    url: null,
  };
  engine.store.put("product", product);
  engine.emit("product.created", product);
  return product;
}

/** `recurring[interval|interval_count|usage_type|trial_period_days]`. */
function readRecurring(p: Params | undefined): Stripe.Price.Recurring | null {
  if (!p) return null;
  p.allowOnly(["interval", "interval_count", "usage_type", "trial_period_days", "meter", "aggregate_usage"]);
  const interval = p.oneOf("interval", ["day", "week", "month", "year"], { required: true }) ?? "month";
  const count = p.int("interval_count", { min: 1 }) ?? 1;
  const maxCount = { day: 1095, week: 156, month: 36, year: 3 }[interval];
  if (count > maxCount) {
    throw invalidRequest(`Invalid interval_count: the maximum for interval=${interval} is ${maxCount}.`, {
      param: p.name("interval_count"),
    });
  }
  return {
    interval,
    interval_count: count,
    meter: null,
    trial_period_days: p.int("trial_period_days", { min: 0 }) ?? null,
    usage_type: p.oneOf("usage_type", ["licensed", "metered"]) ?? "licensed",
  };
}

/**
 * Creates a price from `currency`, `unit_amount`, `product` or `product_data`, and `recurring`.
 * `prefix` names params inside `line_items[i][price_data]` for errors.
 */
export function createPriceFrom(
  engine: Engine,
  p: Params,
  opts: { emit?: boolean; inline?: boolean } = {},
): Stripe.Price {
  const currency = currencyParam(p) ?? "usd";
  const unitAmount = p.int("unit_amount", { min: 0 });
  const decimal = p.text("unit_amount_decimal");
  if (unitAmount === undefined && decimal === undefined && !p.has("custom_unit_amount")) {
    throw invalidRequest("Missing required param: unit_amount.", {
      param: p.name("unit_amount"),
      code: "parameter_missing",
    });
  }
  const amount = unitAmount ?? Math.round(Number(decimal ?? 0));
  let productId = p.text("product");
  if (productId) getProduct(engine, productId, p.name("product"));
  else {
    const data = p.obj("product_data");
    if (!data) {
      throw invalidRequest("Missing required param: product.", {
        param: p.name("product"),
        code: "parameter_missing",
      });
    }
    productId = insertProduct(engine, {
      name: data.required("name"),
      description: data.text("description") ?? null,
      metadata: metadataOf(data),
      // Checkout's ad-hoc products are not listed as active catalogue products.
      active: !opts.inline,
    }).id;
  }
  const lookupKey = p.text("lookup_key") ?? null;
  if (lookupKey) {
    const clash = engine.store
      .all("price")
      .find((x) => x.lookup_key === lookupKey && !engine.store.state.deleted[x.id]);
    if (clash) {
      if (p.bool("transfer_lookup_key")) clash.lookup_key = null;
      else {
        throw invalidRequest(
          `A price (\`${clash.id}\`) already uses that lookup key. Pass \`transfer_lookup_key=true\` to move it to this price.`,
          { param: "lookup_key" },
        );
      }
    }
  }
  const recurring = readRecurring(p.obj("recurring"));
  const price: Stripe.Price = {
    id: newId("price_"),
    object: "price",
    active: !opts.inline,
    billing_scheme: "per_unit",
    created: engine.now(),
    currency,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: lookupKey,
    metadata: metadataOf(p),
    nickname: p.text("nickname") ?? null,
    product: productId,
    recurring,
    tax_behavior: p.oneOf("tax_behavior", ["exclusive", "inclusive", "unspecified"]) ?? "unspecified",
    tiers_mode: null,
    transform_quantity: null,
    type: recurring ? "recurring" : "one_time",
    unit_amount: amount,
    unit_amount_decimal: String(amount) as unknown as Stripe.Price["unit_amount_decimal"],
  };
  engine.store.put("price", price);
  if (opts.emit !== false) engine.emit("price.created", price);
  return price;
}

const PRICE_CREATE = [
  "currency",
  "unit_amount",
  "unit_amount_decimal",
  "product",
  "product_data",
  "recurring",
  "lookup_key",
  "transfer_lookup_key",
  "nickname",
  "metadata",
  "active",
  "tax_behavior",
  "billing_scheme",
  "currency_options",
  "custom_unit_amount",
] as const;

export function registerProductsAndPrices(router: Router): void {
  router.post(
    "/v1/products",
    ({ engine, params }) => {
      const product = insertProduct(engine, {
        name: params.required("name"),
        description: params.text("description") ?? null,
        metadata: metadataOf(params),
        active: params.bool("active") ?? true,
      });
      if (params.has("id")) {
        // Stripe lets callers choose a product id.
        const wanted = params.required("id");
        if (engine.store.get("product", wanted))
          throw invalidRequest(`Product already exists.`, { param: "id", code: "resource_already_exists" });
        engine.store.remove("product", product.id);
        product.id = wanted;
        engine.store.put("product", product);
      }
      product.images = params.strings("images") ?? [];
      product.url = params.text("url") ?? null;
      product.statement_descriptor = params.text("statement_descriptor") ?? null;
      product.unit_label = params.text("unit_label") ?? null;
      const features = params.objects("marketing_features");
      if (features) product.marketing_features = features.map((f) => ({ name: f.text("name") }));
      const priceData = params.obj("default_price_data");
      if (priceData) {
        const price = createPriceFrom(
          engine,
          new Params({ ...priceData.raw, product: product.id }, "default_price_data"),
        );
        product.default_price = price.id;
      }
      return product;
    },
    {
      params: [
        "name",
        "id",
        "active",
        "description",
        "metadata",
        "images",
        "url",
        "statement_descriptor",
        "unit_label",
        "marketing_features",
        "default_price_data",
        "shippable",
        "tax_code",
        "type",
        "package_dimensions",
      ],
    },
  );

  router.get("/v1/products/:id", ({ engine, pathParams }) => {
    const id = pathParams.id ?? "";
    const p = engine.store.get("product", id);
    if (!p) throw noSuch("product", id);
    if (engine.store.state.deleted[id]) return { id, object: "product", deleted: true };
    return p;
  });

  router.post(
    "/v1/products/:id",
    ({ engine, pathParams, params }) => {
      const product = getProduct(engine, pathParams.id ?? "");
      const before = clone(product);
      if (params.has("name")) product.name = params.required("name");
      if (params.has("description")) product.description = params.nullableText("description") ?? null;
      if (params.has("active")) product.active = params.bool("active") ?? product.active;
      if (params.has("images")) product.images = params.strings("images") ?? [];
      if (params.has("url")) product.url = params.nullableText("url") ?? null;
      if (params.has("default_price")) {
        const dp = params.nullableText("default_price");
        if (dp) {
          const price = getPrice(engine, dp, "default_price");
          if (price.product !== product.id) {
            throw invalidRequest("The default price must belong to this product.", {
              param: "default_price",
            });
          }
        }
        product.default_price = dp ?? null;
      }
      product.metadata = applyMetadata(product.metadata, params);
      product.updated = engine.now();
      const prev = previousAttributes(before, product);
      delete prev.updated;
      if (Object.keys(prev).length > 0) engine.emit("product.updated", product, prev);
      return product;
    },
    {
      params: [
        "name",
        "description",
        "active",
        "images",
        "url",
        "default_price",
        "metadata",
        "statement_descriptor",
        "unit_label",
        "marketing_features",
        "shippable",
        "tax_code",
        "package_dimensions",
      ],
    },
  );

  router.delete("/v1/products/:id", ({ engine, pathParams }) => {
    const product = getProduct(engine, pathParams.id ?? "");
    if (
      engine.store.all("price").some((p) => p.product === product.id && !engine.store.state.deleted[p.id])
    ) {
      throw invalidRequest("This product cannot be deleted because it has one or more user-created prices.");
    }
    engine.store.state.deleted[product.id] = true;
    engine.emit("product.deleted", product);
    return { id: product.id, object: "product", deleted: true };
  });

  router.get(
    "/v1/products",
    ({ engine, params }) => {
      const active = params.bool("active");
      const ids = params.strings("ids");
      const created = createdFilter(params);
      const items = engine.store
        .all("product")
        .filter(
          (p) =>
            !engine.store.state.deleted[p.id] &&
            (active === undefined || p.active === active) &&
            (!ids || ids.includes(p.id)) &&
            created(p.created),
        );
      return paginate(items, params, "/v1/products", "product");
    },
    { params: [...LIST_PARAMS, "active", "ids", "created", "shippable", "url", "type"] },
  );

  router.post(
    "/v1/prices",
    ({ engine, params }) => {
      const price = createPriceFrom(engine, params);
      if (params.bool("active") === false) price.active = false;
      return price;
    },
    { params: PRICE_CREATE },
  );

  router.get("/v1/prices/:id", ({ engine, pathParams }) => {
    const price = engine.store.get("price", pathParams.id ?? "");
    if (!price) throw noSuch("price", pathParams.id ?? "", "price", 404);
    return price;
  });

  router.post(
    "/v1/prices/:id",
    ({ engine, pathParams, params }) => {
      const price = getPrice(engine, pathParams.id ?? "");
      const before = clone(price);
      if (params.has("active")) price.active = params.bool("active") ?? price.active;
      if (params.has("nickname")) price.nickname = params.nullableText("nickname") ?? null;
      if (params.has("lookup_key")) {
        const key = params.nullableText("lookup_key") ?? null;
        if (key) {
          const clash = engine.store.all("price").find((x) => x.id !== price.id && x.lookup_key === key);
          if (clash && !params.bool("transfer_lookup_key")) {
            throw invalidRequest(`A price (\`${clash.id}\`) already uses that lookup key.`, {
              param: "lookup_key",
            });
          }
          if (clash) clash.lookup_key = null;
        }
        price.lookup_key = key;
      }
      if (params.has("tax_behavior")) {
        price.tax_behavior =
          params.oneOf("tax_behavior", ["exclusive", "inclusive", "unspecified"]) ?? price.tax_behavior;
      }
      price.metadata = applyMetadata(price.metadata, params);
      const prev = previousAttributes(before, price);
      if (Object.keys(prev).length > 0) engine.emit("price.updated", price, prev);
      return price;
    },
    {
      params: [
        "active",
        "nickname",
        "lookup_key",
        "transfer_lookup_key",
        "metadata",
        "tax_behavior",
        "currency_options",
        "migrate_to",
      ],
    },
  );

  router.get(
    "/v1/prices",
    ({ engine, params }) => {
      const product = params.text("product");
      const active = params.bool("active");
      const type = params.oneOf("type", ["one_time", "recurring"]);
      const currency = params.text("currency")?.toLowerCase();
      const lookupKeys = params.strings("lookup_keys");
      const interval = params.obj("recurring")?.text("interval");
      const created = createdFilter(params);
      const items = engine.store
        .all("price")
        .filter(
          (p) =>
            !engine.store.state.deleted[p.id] &&
            (!product || p.product === product) &&
            (active === undefined || p.active === active) &&
            (!type || p.type === type) &&
            (!currency || p.currency === currency) &&
            (!lookupKeys || (p.lookup_key !== null && lookupKeys.includes(p.lookup_key))) &&
            (!interval || p.recurring?.interval === interval) &&
            created(p.created),
        );
      return paginate(items, params, "/v1/prices", "price");
    },
    {
      params: [
        ...LIST_PARAMS,
        "product",
        "active",
        "type",
        "currency",
        "lookup_keys",
        "recurring",
        "created",
      ],
    },
  );
}
