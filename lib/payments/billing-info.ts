/** Billing profile (name, email, address, tax id), kept on the Stripe customer rather than copied here. */
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { Stripe } from "@/lib/stripe/client";
import { providerError } from "@/lib/stripe/errors";
import { retrieveCustomer, updateCustomer } from "@/lib/stripe/payments";
import { ensureStripeCustomer } from "./customer";

export interface BillingAddress {
  line1: string | null;
  line2: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  /** ISO 3166-1 alpha-2, upper case. */
  country: string | null;
}

/** What invoices and receipts print; `deleted` when the Stripe customer no longer exists. */
export type BillingInfo =
  | { kind: "deleted" }
  | {
      kind: "profile";
      name: string | null;
      email: string | null;
      address: BillingAddress;
      taxId: string | null;
      taxIdType: string | null;
    };

function billingInfoOf(customer: Stripe.Customer | Stripe.DeletedCustomer): BillingInfo {
  if ("deleted" in customer && customer.deleted) return { kind: "deleted" };
  const c = customer as Stripe.Customer;
  const a = c.address;
  return {
    kind: "profile",
    name: c.name ?? null,
    email: c.email ?? null,
    address: {
      line1: a?.line1 ?? null,
      line2: a?.line2 ?? null,
      city: a?.city ?? null,
      state: a?.state ?? null,
      postalCode: a?.postal_code ?? null,
      country: a?.country ?? null,
    },
    taxId: c.metadata?.onramp_tax_id || null,
    taxIdType: c.metadata?.onramp_tax_id_type || null,
  };
}

export async function getBillingInfo(db: Db, accountId: string): Promise<BillingInfo> {
  const customerId = await ensureStripeCustomer(db, accountId);
  try {
    return billingInfoOf(await retrieveCustomer(customerId));
  } catch (error) {
    throw providerError(error);
  }
}

export interface BillingInfoInput {
  name?: string | undefined;
  email?: string | undefined;
  taxId?: { value: string; type: string } | undefined;
  address: Record<string, string | undefined>;
}

/** Writes the given fields to the Stripe customer and answers the profile as Stripe now has it. */
export async function updateBillingInfo(
  db: Db,
  accountId: string,
  input: BillingInfoInput,
): Promise<BillingInfo> {
  const customerId = await ensureStripeCustomer(db, accountId);
  const address = Object.fromEntries(Object.entries(input.address).filter(([, v]) => v !== undefined));
  try {
    await updateCustomer(customerId, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.email !== undefined ? { email: input.email } : {}),
      ...(Object.keys(address).length ? { address } : {}),
      // Kept as customer metadata: Stripe's tax-id objects validate formats per country, which the
      // emulator does not model; invoices read the value from here.
      ...(input.taxId
        ? { metadata: { onramp_tax_id: input.taxId.value, onramp_tax_id_type: input.taxId.type } }
        : {}),
    });
    return billingInfoOf(await retrieveCustomer(customerId));
  } catch (error) {
    const mapped = providerError(error);
    if (mapped !== error) throw mapped;
    const e = error as { type?: string; message?: string; param?: string };
    if (e.type === "StripeInvalidRequestError") {
      throw new AppError("validation_error", e.message ?? "Invalid billing information.", {
        details: { [e.param ?? "body"]: [e.message ?? "invalid"] },
      });
    }
    throw error;
  }
}
