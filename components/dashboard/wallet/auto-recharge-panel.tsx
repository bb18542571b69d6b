"use client";

import Link from "next/link";
import { type FormEvent, useState } from "react";
import { useAction } from "@/components/dashboard/data/use-action";
import { useInvalidate } from "@/components/dashboard/data/use-resource";
import { usd } from "@/components/dashboard/format";
import { useCards, useWallet } from "@/components/dashboard/queries";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";
import { saveAutoFundingAction } from "@/lib/actions/wallet-actions";
import { queryKeys } from "@/lib/query/keys";
import { fieldErrorsOf, unwrap } from "@/lib/query/unwrap";

/** Auto-recharge: when a charge leaves the balance under the threshold, the default card pays the amount. */
export function AutoRechargePanel() {
  const wallet = useWallet();
  const cards = useCards();
  const reload = useInvalidate();
  const current = wallet.data?.auto_funding;
  const [enabled, setEnabled] = useState<boolean | null>(null);
  const [amount, setAmount] = useState<string | null>(null);
  const [threshold, setThreshold] = useState<string | null>(null);
  const save = useAction(async (input: unknown) => unwrap(await saveAutoFundingAction(input)), {
    onSuccess: () => reload(queryKeys.wallet),
  });

  const on = enabled ?? current?.enabled ?? false;
  const amountValue = amount ?? String(current?.auto_charge_amount ?? 25);
  const thresholdValue = threshold ?? String(current?.charge_threshold ?? 5);
  const defaultCard = cards.data?.find((c) => c.is_default);

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate(on ? { enabled: true, amount: amountValue, threshold: thresholdValue } : { enabled: false });
  }

  return (
    <Panel
      title="Auto-recharge"
      description="Top up automatically so agents never stop for an empty wallet."
      id="auto-recharge"
    >
      <form onSubmit={submit} className="space-y-4" noValidate>
        <label className="flex items-center gap-2 text-sm font-medium text-slate-800">
          <input
            type="checkbox"
            checked={on}
            onChange={(e) => setEnabled(e.target.checked)}
            data-testid="auto-recharge-enabled"
          />
          Recharge automatically
        </label>
        {on ? (
          <div className="grid gap-3 sm:grid-cols-2">
            <Field
              label="When the balance falls under"
              prefix="$"
              inputMode="decimal"
              value={thresholdValue}
              onChange={(e) => setThreshold(e.target.value)}
              errors={fieldErrorsOf(save.error, "threshold")}
            />
            <Field
              label="Add this amount"
              prefix="$"
              inputMode="decimal"
              value={amountValue}
              onChange={(e) => setAmount(e.target.value)}
              errors={fieldErrorsOf(save.error, "amount")}
            />
          </div>
        ) : null}
        {on && !defaultCard && cards.isSuccess ? (
          <Notice tone="warning">
            Auto-recharge charges your default card.{" "}
            <Link href="/dashboard/payment-methods" className="font-medium underline">
              Add a card first
            </Link>
            .
          </Notice>
        ) : null}
        {on && defaultCard ? (
          <p className="text-sm text-slate-600">
            Charges your default card, <span className="capitalize">{defaultCard.brand}</span> ••••{" "}
            {defaultCard.last4}.
          </p>
        ) : null}
        <Button type="submit" variant="secondary" pending={save.isPending} pendingLabel="Saving…">
          Save auto-recharge
        </Button>
        {save.isError ? (
          <Notice tone="error" data-testid="auto-recharge-error">
            {save.error.message}
          </Notice>
        ) : null}
        {save.isSuccess ? (
          <Notice tone="success" data-testid="auto-recharge-saved">
            {save.data.enabled
              ? `Saved: ${usd(save.data.auto_charge_amount ?? 0)} is added when the balance falls under ${usd(save.data.charge_threshold ?? 0)}.`
              : "Auto-recharge is off."}
          </Notice>
        ) : null}
      </form>
    </Panel>
  );
}
