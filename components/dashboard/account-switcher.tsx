"use client";

import { useId, useState } from "react";
import { switchAccountAction } from "@/lib/actions/team-actions";
import type { AccountChoiceData } from "@/lib/query/page-data";
import { unwrap } from "@/lib/query/unwrap";

/**
 * Personal account ↔ the teams the person belongs to. The browser session then acts for the chosen
 * account everywhere (wallet, cards, plans, keys); a full reload makes every panel follow.
 */
export function AccountSwitcher({ accounts, current }: { accounts: AccountChoiceData[]; current: string }) {
  const id = useId();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (accounts.length <= 1) return null;

  async function choose(accountId: string) {
    setPending(true);
    setError(null);
    try {
      unwrap(await switchAccountAction({ account_id: accountId }));
      window.location.assign("/dashboard");
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setPending(false);
    }
  }

  return (
    <div className="mb-3">
      <label htmlFor={id} className="block text-xs font-medium text-slate-600">
        Acting for
      </label>
      <select
        id={id}
        value={current}
        disabled={pending}
        onChange={(e) => void choose(e.target.value)}
        className="mt-1 w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm"
        data-testid="account-switcher"
      >
        {accounts.map((a) => (
          <option key={a.id} value={a.id}>
            {a.personal ? `${a.name} (personal)` : `${a.name} (team, ${a.role})`}
          </option>
        ))}
      </select>
      {error ? (
        <p role="alert" className="mt-1 text-xs text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
