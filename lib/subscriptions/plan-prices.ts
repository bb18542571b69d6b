/**
 * Keeps Stripe's catalogue equal to PLANS: one product per plan (id `onramp_plan_<id>`, so a
 * second boot finds it instead of creating another) and one active price per plan, found by its
 * lookup key. A changed amount or period makes a new price that takes the lookup key over; the
 * old one is deactivated and its subscribers keep it until they change plan. Safe to run on every
 * boot and from several instances at once (deterministic ids and idempotency keys).
 */
import { log } from "@/lib/log";
import { isStripeNotFound, providerError } from "@/lib/stripe/errors";
import {
  createPrice,
  createProduct,
  deactivatePrice,
  type Price,
  pricesByLookupKeys,
  reinstatePrice,
  retrievePrice,
  retrieveProduct,
  stripeClientToken,
  updateProduct,
} from "@/lib/stripe/subscriptions";
import { findPlan, PLANS, type Plan, stripeInterval } from "./plans";

const productId = (plan: Plan) => `onramp_plan_${plan.id}`;
const lookupKey = (plan: Plan) => `onramp_plan_${plan.id}`;

function matches(price: Price, plan: Plan): boolean {
  return (
    price.active &&
    price.unit_amount === plan.priceMinor &&
    price.currency === "usd" &&
    price.recurring?.interval === stripeInterval(plan.period) &&
    (price.recurring?.interval_count ?? 1) === 1
  );
}

async function ensureProduct(plan: Plan): Promise<void> {
  const wanted = {
    name: plan.name,
    description: plan.description,
    active: !plan.retired,
    metadata: { onramp_plan_id: String(plan.id), onramp_category: plan.category },
  };
  try {
    const product = await retrieveProduct(productId(plan));
    if (
      product.name !== wanted.name ||
      product.active !== wanted.active ||
      product.description !== wanted.description
    ) {
      await updateProduct(product.id, wanted);
    }
    return;
  } catch (error) {
    if (!isStripeNotFound(error)) throw error;
  }
  try {
    await createProduct({ id: productId(plan), ...wanted }, `onramp_product_${productId(plan)}`);
  } catch (error) {
    // Another instance created it between our read and our write.
    if ((error as { code?: string }).code !== "resource_already_exists") throw error;
  }
}

async function ensurePrice(plan: Plan, existing: Price | undefined): Promise<string> {
  if (existing && matches(existing, plan)) return existing.id;
  const price = await createPrice(
    {
      product: productId(plan),
      currency: "usd",
      unit_amount: plan.priceMinor,
      recurring: { interval: stripeInterval(plan.period) },
      nickname: plan.name,
      lookup_key: lookupKey(plan),
      transfer_lookup_key: true,
      metadata: { onramp_plan_id: String(plan.id) },
    },
    `onramp_price_${plan.id}_${plan.priceMinor}_${plan.period}`,
  );
  // Going back to an amount it had within a day replays Stripe's stored answer (the old price, as it
  // was then): read it as it is now, and make it current again if it was retired since.
  const current = await retrievePrice(price.id);
  if (!current.active || current.lookup_key !== lookupKey(plan))
    await reinstatePrice(price.id, lookupKey(plan));
  if (existing && existing.id !== price.id && existing.active) await deactivatePrice(existing.id);
  return price.id;
}

/** One pass over the catalogue (exported for tests; the app goes through syncPlansToStripe). */
export async function syncCatalogue(plans: readonly Plan[] = PLANS): Promise<Map<number, string>> {
  const prices = await pricesByLookupKeys(plans.map(lookupKey));
  const byKey = new Map(prices.map((p) => [p.lookup_key, p]));
  const out = new Map<number, string>();
  for (const plan of plans) {
    await ensureProduct(plan);
    out.set(plan.id, await ensurePrice(plan, byKey.get(lookupKey(plan))));
  }
  return out;
}

// One sync per Stripe client (tests point the client at a fresh emulator per suite).
const synced = new WeakMap<object, Promise<Map<number, string>>>();

/** Syncs the catalogue once per process and client; later calls reuse the result. */
export function syncPlansToStripe(): Promise<Map<number, string>> {
  const token = stripeClientToken();
  let pending = synced.get(token);
  if (!pending) {
    pending = syncCatalogue();
    synced.set(token, pending);
    pending.then(
      () => log().info({ plans: PLANS.length }, "plan catalogue synced to Stripe"),
      () => synced.delete(token),
    );
  }
  return pending;
}

/** The Stripe price new subscribers of `plan` buy. */
export async function priceForPlan(plan: Plan): Promise<string> {
  try {
    const prices = await syncPlansToStripe();
    const id = prices.get(plan.id);
    if (!id) throw new Error(`plan ${plan.id} has no Stripe price`);
    return id;
  } catch (error) {
    throw providerError(error);
  }
}

/** The plan a Stripe price belongs to (current or superseded prices alike). */
export function planOfPrice(price: Price): Plan | undefined {
  const fromMetadata = Number(price.metadata?.onramp_plan_id);
  if (Number.isInteger(fromMetadata) && fromMetadata > 0) return findPlan(fromMetadata);
  const product = typeof price.product === "string" ? price.product : price.product?.id;
  const match = /^onramp_plan_(\d+)$/.exec(product ?? "");
  return match ? findPlan(Number(match[1])) : undefined;
}
