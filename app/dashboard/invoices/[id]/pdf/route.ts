// GET /dashboard/invoices/{id}/pdf — the signed-in account's invoice or receipt PDF (a redirect to the document)
import { requireHuman } from "@/lib/actions/session";
import { getDb } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { invoicePdf } from "@/lib/invoices/invoices";

const text = (status: number, body: string) =>
  new Response(`${body}\n`, {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });

export async function GET(
  _request: Request,
  { params }: { params: Promise<{ id: string }> },
): Promise<Response> {
  let human: Awaited<ReturnType<typeof requireHuman>>;
  try {
    human = await requireHuman();
  } catch {
    return text(401, "Sign in to download invoices.");
  }
  const { id } = await params;
  try {
    const pdf = await invoicePdf(await getDb(), human.accountId, id);
    return new Response(null, { status: 303, headers: { Location: pdf.url, "Cache-Control": "no-store" } });
  } catch (error) {
    // Unknown, or another account's: the same 404 (invoicePdf checks the owner).
    if (isAppError(error)) return text(error.status, error.message);
    throw error;
  }
}
