/** Billing profile (name, email, address, tax id), kept on the Stripe customer rather than copied here. */
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { Stripe } from "@/lib/stripe/client";
import { providerError } from "@/lib/stripe/errors";
import { retrieveCustomer, updateCustomer } from "@/lib/stripe/payments";
import { ensureStripeCustomer } from "./customer";

function present(customer: Stripe.Customer | Stripe.DeletedCustomer) {
  if ("deleted" in customer && customer.deleted)
    return { name: null, email: null, address: null, tax_id: null, tax_id_type: null };
  const c = customer as Stripe.Customer;
  const a = c.address;
  const taxId = c.metadata?.onramp_tax_id || null;
  const taxIdType = c.metadata?.onramp_tax_id_type || null;
  return {
    name: c.name ?? null,
    email: c.email ?? null,
    address_line1: a?.line1 ?? null,
    address_line2: a?.line2 ?? null,
    address_city: a?.city ?? null,
    address_state: a?.state ?? null,
    address_postal_code: a?.postal_code ?? null,
    address_country: a?.country ?? null,
    tax_id: taxId,
    tax_id_type: taxIdType,
  };
}

export async function getBillingInfo(db: Db, accountId: string) {
  const customerId = await ensureStripeCustomer(db, accountId);
  try {
    return present(await retrieveCustomer(customerId));
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

export async function updateBillingInfo(db: Db, accountId: string, input: BillingInfoInput) {
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
    return present(await retrieveCustomer(customerId));
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
