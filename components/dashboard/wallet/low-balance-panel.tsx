"use client";

import { type FormEvent, useState } from "react";
import { useAction } from "@/components/dashboard/data/use-action";
import { useInvalidate } from "@/components/dashboard/data/use-resource";
import { usd } from "@/components/dashboard/format";
import { useWallet } from "@/components/dashboard/queries";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";
import { saveLowBalanceAlertAction } from "@/lib/actions/wallet-actions";
import { queryKeys } from "@/lib/query/keys";
import { fieldErrorsOf, unwrap } from "@/lib/query/unwrap";

/** The low-balance email: once per episode, when a charge takes the balance under the threshold. */
export function LowBalancePanel() {
  const wallet = useWallet();
  const reload = useInvalidate();
  const current = wallet.data?.low_balance_alert;
  const [enabled, setEnabled] = useState<boolean | null>(null);
  const [threshold, setThreshold] = useState<string | null>(null);
  const save = useAction(async (input: unknown) => unwrap(await saveLowBalanceAlertAction(input)), {
    onSuccess: () => reload(queryKeys.wallet),
  });
  const on = enabled ?? current?.enabled ?? false;
  const thresholdValue = threshold ?? String(current?.threshold ?? 10);

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate(on ? { enabled: true, threshold: thresholdValue } : { enabled: false });
  }

  return (
    <Panel
      title="Low-balance alert"
      description="An email when the balance drops under a threshold."
      id="low-balance"
    >
      <form onSubmit={submit} className="space-y-4" noValidate>
        <label className="flex items-center gap-2 text-sm font-medium text-slate-800">
          <input type="checkbox" checked={on} onChange={(e) => setEnabled(e.target.checked)} />
          Email me when the balance is low
        </label>
        {on ? (
          <Field
            className="max-w-48"
            label="Threshold"
            prefix="$"
            inputMode="decimal"
            value={thresholdValue}
            onChange={(e) => setThreshold(e.target.value)}
            errors={fieldErrorsOf(save.error, "threshold")}
          />
        ) : null}
        <Button type="submit" variant="secondary" pending={save.isPending} pendingLabel="Saving…">
          Save alert
        </Button>
        {save.isError ? <Notice tone="error">{save.error.message}</Notice> : null}
        {save.isSuccess ? (
          <Notice tone="success">
            {save.data.enabled
              ? `Saved: we email you under ${usd(save.data.threshold ?? 0)}.`
              : "Low-balance alerts are off."}
          </Notice>
        ) : null}
      </form>
    </Panel>
  );
}
