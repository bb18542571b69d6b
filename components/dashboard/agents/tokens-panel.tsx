"use client";

import { useAction } from "@/components/dashboard/data/use-action";
import { useInvalidate } from "@/components/dashboard/data/use-resource";
import { formatDateTime } from "@/components/dashboard/format";
import { useTokens } from "@/components/dashboard/queries";
import { Badge } from "@/components/ui/badge";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { EmptyState } from "@/components/ui/empty-state";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";
import { Skeleton } from "@/components/ui/skeleton";
import { revokeAllTokensAction, revokeTokenAction } from "@/lib/actions/token-actions";
import { queryKeys } from "@/lib/query/keys";
import { unwrap } from "@/lib/query/unwrap";

const EXPIRY: Record<string, string> = {
  "1_week": "1 week",
  "1_month": "1 month",
  "3_months": "3 months",
  "6_months": "6 months",
  "1_year": "1 year",
  never: "never",
};

/** Every access token that still works, with where it came from; revoke one, all others, or all. */
export function TokensPanel() {
  const tokens = useTokens();
  const reload = useInvalidate();
  const invalidate = () => reload(queryKeys.tokens);
  const revoke = useAction(async (id: number) => unwrap(await revokeTokenAction({ id })), {
    onSettled: invalidate,
  });
  const revokeAll = useAction(
    async (exceptId?: number) =>
      unwrap(await revokeAllTokensAction(exceptId === undefined ? {} : { except_id: exceptId })),
    { onSettled: invalidate },
  );
  const count = tokens.data?.length ?? 0;

  return (
    <Panel
      title="Access tokens"
      description="Tokens agents got by verifying their email or signing in with POST /auth/login. Revoking one stops it on the agent's next request."
      id="tokens"
      actions={
        count > 1 ? (
          <ConfirmButton
            variant="secondary"
            size="sm"
            question={`Revoke all ${count}?`}
            confirmLabel="Revoke all"
            pending={revokeAll.isPending && revokeAll.variables === undefined}
            onConfirm={() =>
              revokeAll.mutateAsync(undefined).then(
                () => undefined,
                () => undefined,
              )
            }
            data-testid="tokens-revoke-all"
          >
            Revoke all
          </ConfirmButton>
        ) : null
      }
    >
      {revokeAll.isSuccess ? (
        <Notice tone="success" className="mb-3">
          Revoked {revokeAll.data.revoked} token{revokeAll.data.revoked === 1 ? "" : "s"}. Agents sign in
          again to get new ones.
        </Notice>
      ) : null}
      {tokens.isPending ? (
        <Skeleton className="h-16" />
      ) : tokens.isError ? (
        <Notice tone="error">Could not load the tokens: {tokens.error.message}</Notice>
      ) : count === 0 ? (
        <EmptyState title="No agent is signed in" data-testid="tokens-empty">
          An agent appears here after it signs in to the API with your account, e.g. POST
          /api/agents/v1/auth/login with a <code>device_name</code>.
        </EmptyState>
      ) : (
        <div className="-mx-4 overflow-x-auto sm:mx-0">
          <table className="w-full min-w-[20rem] text-left text-sm" data-testid="tokens-table">
            <caption className="sr-only">Active access tokens, newest first</caption>
            <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-600">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium sm:px-2">
                  Device
                </th>
                <th scope="col" className="hidden px-2 py-2 font-medium md:table-cell">
                  Created
                </th>
                <th scope="col" className="px-2 py-2 font-medium">
                  Last used
                </th>
                <th scope="col" className="hidden px-2 py-2 font-medium sm:table-cell">
                  Expires
                </th>
                <th scope="col" className="px-2 py-2">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {tokens.data.map((t) => (
                <tr key={t.id} data-testid="token-row">
                  <td className="px-4 py-2 sm:px-2">
                    <span className="font-medium text-slate-900" data-testid="token-name">
                      {t.name}
                    </span>
                    <span className="mt-0.5 flex flex-wrap gap-1">
                      {t.scopes.includes("*") ? (
                        <Badge>Full access</Badge>
                      ) : (
                        <Badge tone="brand">
                          {t.scopes.length} scope{t.scopes.length === 1 ? "" : "s"}
                        </Badge>
                      )}
                    </span>
                  </td>
                  <td className="hidden whitespace-nowrap px-2 py-2 text-slate-700 md:table-cell">
                    {formatDateTime(t.createdAt)}
                  </td>
                  <td className="whitespace-nowrap px-2 py-2 text-slate-700">
                    {t.lastUsedAt ? formatDateTime(t.lastUsedAt) : "Never"}
                  </td>
                  <td className="hidden whitespace-nowrap px-2 py-2 text-slate-700 sm:table-cell">
                    {t.expiresAt ? formatDateTime(t.expiresAt) : `Never (${EXPIRY[t.expiry] ?? t.expiry})`}
                  </td>
                  <td className="px-2 py-2 text-right">
                    {count > 1 ? (
                      <ConfirmButton
                        variant="ghost"
                        size="sm"
                        question={`Revoke the other ${count - 1}?`}
                        confirmLabel="Revoke others"
                        pending={revokeAll.isPending && revokeAll.variables === t.id}
                        onConfirm={() =>
                          revokeAll.mutateAsync(t.id).then(
                            () => undefined,
                            () => undefined,
                          )
                        }
                      >
                        Keep only this<span className="sr-only"> token, {t.name}</span>
                      </ConfirmButton>
                    ) : null}
                    <ConfirmButton
                      variant="ghost"
                      size="sm"
                      question="Revoke?"
                      confirmLabel="Revoke"
                      pending={revoke.isPending && revoke.variables === t.id}
                      onConfirm={() =>
                        revoke.mutateAsync(t.id).then(
                          () => undefined,
                          () => undefined,
                        )
                      }
                      data-testid="token-revoke"
                    >
                      Revoke<span className="sr-only"> {t.name}</span>
                    </ConfirmButton>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {revoke.isError || revokeAll.isError ? (
        <Notice tone="error" className="mt-3">
          {(revoke.error ?? revokeAll.error)?.message}
        </Notice>
      ) : null}
    </Panel>
  );
}
