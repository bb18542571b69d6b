// GET /receipts/{rcpt_…} — a wallet-funding receipt as a PDF (signed link from /billing/invoices/{id}/pdf, or bearer)
import { hasScope, insufficientScope } from "@/lib/auth/principal";
import { resolveBearerToken } from "@/lib/auth/resolve-bearer";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError, isAppError } from "@/lib/errors";
import { errorBody, jsonResponse } from "@/lib/http";
import { newRequestId } from "@/lib/http/agent-route";
import { clientIp } from "@/lib/http/client-ip";
import { checkRateLimit, rateLimitHeaders } from "@/lib/http/rate-limit";
import { downloadReceipt } from "@/lib/invoices/receipt-download";
import { log } from "@/lib/log";

const RECEIPT_SCOPE = "billing:read";

export async function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const requestId = newRequestId();
  let headers: Record<string, string> = { "X-Request-Id": requestId };
  try {
    const limit = await checkRateLimit("general", clientIp(request.headers, env().trustedProxies));
    headers = { ...headers, ...rateLimitHeaders(limit) };
    if (!limit.allowed)
      throw new AppError("rate_limited", `Too many requests. Retry in ${limit.retryAfterSec} seconds.`);
    const { id } = await context.params;
    const url = new URL(request.url);
    const db = await getDb();
    const token = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "")?.[1];
    const principal = token ? await resolveBearerToken(db, token) : null;
    const signature = url.searchParams.get("signature");
    // A bearer token reads receipts only with billing:read. A signed link is a credential of its
    // own, so it still works when a client also sends a narrower token (the CLI sends one everywhere).
    const reader = principal && hasScope(principal, RECEIPT_SCOPE) ? principal : null;
    if (principal && !reader && !signature) throw insufficientScope(principal, RECEIPT_SCOPE);
    const { filename, bytes } = await downloadReceipt(db, {
      receiptId: id,
      bearerAccountId: reader?.accountId ?? null,
      expires: url.searchParams.get("expires"),
      signature,
    });
    return new Response(Buffer.from(bytes), {
      status: 200,
      headers: {
        ...headers,
        "Content-Type": "application/pdf",
        "Content-Disposition": `inline; filename="${filename}"`,
        "Cache-Control": "private, no-store",
      },
    });
  } catch (error) {
    const app = isAppError(error)
      ? error
      : new AppError(
          "internal_error",
          `Something went wrong on our side. Quote request id ${requestId} if it persists.`,
        );
    if (!isAppError(error))
      log().error({ request_id: requestId, err: String(error) }, "receipt download failed");
    return jsonResponse(app.status, errorBody(app.code, app.message, app.details, requestId), {
      ...headers,
      ...app.headers,
    });
  }
}
