import type { Metadata } from "next";
import Link from "next/link";
import { formatDateTime } from "@/components/dashboard/format";
import { PageHeader } from "@/components/dashboard/page-header";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";
import { humanOrRedirect } from "@/lib/actions/session";
import { loadAuditPage } from "@/lib/query/audit";

export const metadata: Metadata = { title: "Audit log" };

type SearchParams = Record<string, string | string[] | undefined>;

const FILTERS = ["actor_kind", "action", "from", "to"] as const;

const ACTOR_LABEL: Record<string, string> = { agent: "Agent", human: "Person", system: "System" };

function one(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value.at(-1) : value) ?? "";
}

/** The filters as a query string (plus `extra`), for paging links and the CSV export. */
function queryOf(params: SearchParams, extra: Record<string, string> = {}): string {
  const search = new URLSearchParams();
  for (const name of FILTERS) if (one(params[name])) search.set(name, one(params[name]));
  for (const [k, v] of Object.entries(extra)) search.set(k, v);
  const qs = search.toString();
  return qs ? `?${qs}` : "";
}

const field = "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm";

export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const human = await humanOrRedirect();
  const params = await searchParams;
  const result = await loadAuditPage(human, params);
  const filtered = FILTERS.some((name) => one(params[name]));
  const paged = Boolean(one(params.cursor));

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Who did what in this account: money movements, subscription, card, key and token changes, by an agent (named by its device), a person in the dashboard, or the system."
        actions={
          result.kind === "page" ? (
            <a
              href={`/dashboard/audit/events.csv${queryOf(params)}`}
              download
              className={buttonClass("secondary", "sm")}
              data-testid="audit-csv"
            >
              Export CSV
            </a>
          ) : null
        }
      />
      {result.kind === "forbidden" ? (
        <Notice tone="warning" data-testid="audit-forbidden">
          Only owners and admins can read the audit log; your role here is {result.role}.
        </Notice>
      ) : (
        <Panel title="Entries" id="audit">
          <form method="get" className="mb-4 flex flex-wrap items-end gap-3" data-testid="audit-filters">
            <label className="flex flex-col gap-1 text-sm font-medium text-slate-800">
              Actor
              <select
                name="actor_kind"
                defaultValue={one(params.actor_kind)}
                className={field}
                data-testid="audit-actor"
              >
                <option value="">Anyone</option>
                <option value="agent">Agents</option>
                <option value="human">People</option>
                <option value="system">System</option>
              </select>
            </label>
            <label className="flex flex-col gap-1 text-sm font-medium text-slate-800">
              Action
              <input
                name="action"
                defaultValue={one(params.action)}
                placeholder="wallet. or token.created"
                className={field}
                data-testid="audit-action"
              />
            </label>
            <label className="flex flex-col gap-1 text-sm font-medium text-slate-800">
              From
              <input
                type="date"
                name="from"
                defaultValue={one(params.from)}
                className={field}
                data-testid="audit-from"
              />
            </label>
            <label className="flex flex-col gap-1 text-sm font-medium text-slate-800">
              To
              <input
                type="date"
                name="to"
                defaultValue={one(params.to)}
                className={field}
                data-testid="audit-to"
              />
            </label>
            <button type="submit" className={buttonClass("primary", "sm")} data-testid="audit-apply">
              Filter
            </button>
            {filtered ? (
              <Link href="/dashboard/audit" className={buttonClass("secondary", "sm")}>
                Clear
              </Link>
            ) : null}
          </form>
          {result.kind === "invalid" ? (
            <Notice tone="error" data-testid="audit-invalid">
              These filters cannot be used: {result.errors.join("; ")}
            </Notice>
          ) : result.events.length === 0 ? (
            <EmptyState title={filtered ? "No entries match" : "No entries yet"} data-testid="audit-empty">
              {filtered
                ? "Nothing was recorded with these filters. Widen the dates or clear the filters."
                : "Funding the wallet, changing a subscription, a card, a key or a token is recorded here."}
            </EmptyState>
          ) : (
            <>
              <div className="-mx-4 overflow-x-auto sm:mx-0">
                <table className="w-full min-w-[36rem] text-left text-sm" data-testid="audit-table">
                  <caption className="sr-only">Audit log entries, newest first</caption>
                  <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-600">
                    <tr>
                      <th scope="col" className="px-2 py-2 font-medium">
                        When
                      </th>
                      <th scope="col" className="px-2 py-2 font-medium">
                        Action
                      </th>
                      <th scope="col" className="px-2 py-2 font-medium">
                        Actor
                      </th>
                      <th scope="col" className="px-2 py-2 font-medium">
                        Target
                      </th>
                      <th scope="col" className="px-2 py-2 font-medium">
                        Request
                      </th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100">
                    {result.events.map((e) => (
                      <tr key={e.id} data-testid="audit-row" data-action={e.action} data-actor={e.actor.kind}>
                        <td className="whitespace-nowrap px-2 py-2 text-slate-700">
                          {formatDateTime(e.created_at)}
                        </td>
                        <td className="px-2 py-2 font-mono text-xs text-slate-900">{e.action}</td>
                        <td className="px-2 py-2">
                          <span className="text-slate-900">{ACTOR_LABEL[e.actor.kind] ?? e.actor.kind}</span>
                          {e.actor.name ? (
                            <span className="block text-xs text-slate-600">{e.actor.name}</span>
                          ) : null}
                        </td>
                        <td className="px-2 py-2 text-xs text-slate-700">
                          {e.target ? `${e.target.type} ${e.target.id ?? ""}` : "—"}
                        </td>
                        <td className="px-2 py-2 text-xs text-slate-600">
                          <span className="block font-mono">{e.request_id ?? "—"}</span>
                          {e.ip ? <span className="block">{e.ip}</span> : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <div className="mt-3 flex flex-wrap items-center justify-end gap-2 text-sm">
                {paged ? (
                  <Link
                    href={`/dashboard/audit${queryOf(params)}`}
                    className={buttonClass("secondary", "sm")}
                  >
                    Newest
                  </Link>
                ) : null}
                {result.nextCursor ? (
                  <Link
                    href={`/dashboard/audit${queryOf(params, { cursor: result.nextCursor })}`}
                    className={buttonClass("secondary", "sm")}
                    data-testid="audit-older"
                  >
                    Older
                  </Link>
                ) : null}
              </div>
            </>
          )}
        </Panel>
      )}
    </>
  );
}
