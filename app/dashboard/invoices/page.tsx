import type { Metadata } from "next";
import { formatDate } from "@/components/dashboard/format";
import { PageHeader } from "@/components/dashboard/page-header";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";
import { humanOrRedirect } from "@/lib/actions/session";
import { isAppError } from "@/lib/errors";
import type { BillingDocument } from "@/lib/invoices/documents";
import { formatUsd } from "@/lib/money";
import { loadInvoices } from "@/lib/query/page-data";

export const metadata: Metadata = { title: "Invoices" };

const STATUS: Record<string, { label: string; tone: "success" | "warning" | "danger" | "neutral" }> = {
  paid: { label: "Paid", tone: "success" },
  open: { label: "Due", tone: "warning" },
  uncollectible: { label: "Uncollectible", tone: "danger" },
  refunded: { label: "Refunded", tone: "neutral" },
  partially_refunded: { label: "Partly refunded", tone: "neutral" },
};

/** Subscription invoices (from Stripe) and receipts for wallet top-ups, newest first, each with its PDF. */
export default async function InvoicesPage() {
  const human = await humanOrRedirect();
  let invoices: BillingDocument[] = [];
  let failure: string | null = null;
  try {
    invoices = await loadInvoices(human);
  } catch (error) {
    failure = isAppError(error)
      ? error.message
      : "Invoices are unavailable right now. Try again in a moment.";
  }
  return (
    <>
      <PageHeader
        title="Invoices"
        description="Subscription invoices and receipts for wallet top-ups, as PDFs."
      />
      <Panel title="Documents" id="invoices">
        {failure ? (
          <Notice tone="error">{failure}</Notice>
        ) : invoices.length === 0 ? (
          <EmptyState title="No invoices yet" data-testid="invoices-empty">
            A receipt appears here for each wallet top-up, and an invoice for each subscription payment.
          </EmptyState>
        ) : (
          <div className="-mx-4 overflow-x-auto sm:mx-0">
            <table className="w-full min-w-[20rem] text-left text-sm" data-testid="invoices-table">
              <caption className="sr-only">Invoices and receipts, newest first</caption>
              <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-600">
                <tr>
                  <th scope="col" className="px-4 py-2 font-medium sm:px-2">
                    Date
                  </th>
                  <th scope="col" className="px-2 py-2 font-medium">
                    Description
                  </th>
                  <th scope="col" className="px-2 py-2 text-right font-medium">
                    Amount
                  </th>
                  <th scope="col" className="hidden px-2 py-2 font-medium sm:table-cell">
                    Status
                  </th>
                  <th scope="col" className="px-2 py-2">
                    <span className="sr-only">Download</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {invoices.map((inv) => {
                  const status = STATUS[inv.status ?? ""] ?? {
                    label: inv.status ?? "—",
                    tone: "neutral" as const,
                  };
                  const label = inv.number ?? inv.id;
                  return (
                    <tr key={inv.id} data-testid="invoice-row">
                      <td className="whitespace-nowrap px-4 py-2 text-slate-700 sm:px-2">
                        {formatDate(inv.createdAt?.toISOString() ?? null)}
                      </td>
                      <td className="px-2 py-2">
                        <span className="text-slate-900">
                          {inv.description ??
                            (inv.kind === "invoice" && !inv.stripeSubscriptionId
                              ? "Invoice"
                              : "Subscription")}
                        </span>
                        <span className="block text-xs text-slate-600">{label}</span>
                      </td>
                      <td className="whitespace-nowrap px-2 py-2 text-right tabular-nums text-slate-900">
                        {formatUsd(inv.kind === "invoice" ? inv.totalMinor : inv.amountMinor)}
                      </td>
                      <td className="hidden px-2 py-2 sm:table-cell">
                        <Badge tone={status.tone}>{status.label}</Badge>
                      </td>
                      <td className="whitespace-nowrap px-2 py-2 text-right">
                        <a
                          href={`/dashboard/invoices/${encodeURIComponent(inv.id)}/pdf`}
                          className="font-medium text-brand-700 underline"
                          data-testid="invoice-pdf"
                        >
                          PDF<span className="sr-only"> of {label}</span>
                        </a>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </Panel>
    </>
  );
}
