/**
 * The receipt PDF itself (`GET /receipts/{id}`): for a signed link made by `/pdf`, or for a bearer
 * token of the account that owns the receipt. Anyone else gets the same 404 as for a receipt
 * that does not exist.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { accounts, memberships, users } from "@/lib/db/schema/accounts";
import { env } from "@/lib/env";
import { AppError, notFound } from "@/lib/errors";
import { getBillingInfo } from "@/lib/payments/billing-info";
import { checkReceiptSignature } from "./receipt-link";
import { type ReceiptParty, renderReceiptPdf } from "./receipt-pdf";
import { findReceipt } from "./receipts";

export interface ReceiptRequest {
  receiptId: string;
  /** The account of a valid bearer token sent with the request, if any. */
  bearerAccountId: string | null;
  expires: string | null;
  signature: string | null;
}

async function billedTo(db: Db, accountId: string): Promise<ReceiptParty> {
  try {
    const info = await getBillingInfo(db, accountId);
    if (info.kind === "profile" && (info.name || info.email)) {
      const { line1, line2, city, state, postalCode, country } = info.address;
      const cityLine = [postalCode, city, state].filter(Boolean).join(" ");
      const addressLines = [line1, line2, cityLine, country].filter((l): l is string => Boolean(l));
      return { name: info.name, email: info.email, addressLines };
    }
  } catch {
    // Stripe unreachable: the receipt still renders, with what we hold ourselves.
  }
  const [row] = await db
    .select({ name: accounts.name, email: users.email })
    .from(accounts)
    .leftJoin(memberships, and(eq(memberships.accountId, accounts.id), eq(memberships.role, "owner")))
    .leftJoin(users, eq(users.id, memberships.userId))
    .where(eq(accounts.id, accountId))
    .limit(1);
  return { name: row?.name ?? null, email: row?.email ?? null, addressLines: [] };
}

export async function downloadReceipt(
  db: Db,
  input: ReceiptRequest,
): Promise<{ filename: string; bytes: Uint8Array }> {
  if (!input.bearerAccountId && !input.signature) {
    throw new AppError(
      "unauthenticated",
      "Open the signed link from GET /api/agents/v1/billing/invoices/{id}/pdf, or send Authorization: Bearer <access_token>.",
      {
        headers: { "WWW-Authenticate": "Bearer" },
      },
    );
  }
  const receipt = await findReceipt(db, null, input.receiptId);
  if (!receipt) throw notFound("Receipt");
  const owner = receipt.entry.accountId;
  if (input.bearerAccountId !== owner) {
    const check = input.signature
      ? checkReceiptSignature({
          receiptId: receipt.id,
          accountId: owner,
          expires: input.expires,
          signature: input.signature,
        })
      : "invalid";
    if (check === "expired") {
      throw new AppError(
        "forbidden",
        "This download link has expired. Ask GET /api/agents/v1/billing/invoices/{id}/pdf for a new one.",
        {
          details: { reason: "link_expired" },
        },
      );
    }
    if (check !== "valid") throw notFound("Receipt");
  }
  const bytes = await renderReceiptPdf(receipt, await billedTo(db, owner), {
    name: "Onramp",
    url: env().appUrl,
  });
  return { filename: `receipt-${receipt.number}.pdf`, bytes };
}
