// GET /receipts/{rcpt_…} — a wallet-funding receipt as a PDF (signed link from /billing/invoices/{id}/pdf, or bearer)
import { z } from "zod";
import { hasScope, insufficientScope } from "@/lib/auth/principal";
import { bearer } from "@/lib/http/authenticate";
import { door } from "@/lib/http/door";
import { envelope } from "@/lib/http/outputs/envelope";
import { raw } from "@/lib/http/outputs/raw";
import { file } from "@/lib/http/replies";
import { downloadReceipt } from "@/lib/invoices/receipt-download";

const RECEIPT_SCOPE = "billing:read";

export const GET = door(
  {
    auth: bearer({ optional: true }),
    limit: { limiter: "general", by: "ip" },
    params: z.object({ id: z.string() }),
    output: raw({ stamp: true, errors: envelope() }),
  },
  async ({ db, caller: principal, params, request }) => {
    const signature = request.url.searchParams.get("signature");
    // A bearer token reads receipts only with billing:read. A signed link is a credential of its
    // own, so it still works when a client also sends a narrower token (the CLI sends one everywhere).
    const reader = principal && hasScope(principal, RECEIPT_SCOPE) ? principal : null;
    if (principal && !reader && !signature) throw insufficientScope(principal, RECEIPT_SCOPE);
    const { filename, bytes } = await downloadReceipt(db, {
      receiptId: params.id,
      bearerAccountId: reader?.accountId ?? null,
      expires: request.url.searchParams.get("expires"),
      signature,
    });
    return file(Buffer.from(bytes), {
      contentType: "application/pdf",
      headers: {
        "Content-Disposition": `inline; filename="${filename}"`,
        "Cache-Control": "private, no-store",
      },
    });
  },
);
