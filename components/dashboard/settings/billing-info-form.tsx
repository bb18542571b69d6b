"use client";

import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";
import { updateBillingInfoAction } from "@/lib/actions/settings-actions";
import { fieldErrorsOf } from "@/lib/query/unwrap";
import { useActionForm } from "./use-action-form";

export type BillingInfo = Record<string, string | null | undefined>;

const FIELDS: { name: string; label: string; autoComplete?: string; hint?: string }[] = [
  { name: "name", label: "Name or company", autoComplete: "organization" },
  { name: "email", label: "Billing email", autoComplete: "email" },
  { name: "address_line1", label: "Address", autoComplete: "address-line1" },
  { name: "address_line2", label: "Address line 2", autoComplete: "address-line2" },
  { name: "address_city", label: "City", autoComplete: "address-level2" },
  { name: "address_state", label: "State or region", autoComplete: "address-level1" },
  { name: "address_postal_code", label: "Postal code", autoComplete: "postal-code" },
  { name: "address_country", label: "Country", autoComplete: "country", hint: "Two-letter code, e.g. US." },
  { name: "tax_id", label: "Tax id" },
  { name: "tax_id_type", label: "Tax id type", hint: "e.g. eu_vat, us_ein." },
];

/** Printed on invoices; kept on the Stripe customer. */
export function BillingInfoForm({ info, error }: { info: BillingInfo | null; error: string | null }) {
  const save = useActionForm(updateBillingInfoAction);
  return (
    <Panel title="Billing details" description="Printed on your invoices and receipts." id="billing-info">
      {error ? (
        <Notice tone="error">{error}</Notice>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate(e.currentTarget);
          }}
          className="space-y-4"
          noValidate
        >
          <div className="grid gap-4 sm:grid-cols-2">
            {FIELDS.map((f) => (
              <Field
                key={f.name}
                label={f.label}
                name={f.name}
                autoComplete={f.autoComplete}
                hint={f.hint}
                defaultValue={info?.[f.name] ?? ""}
                errors={fieldErrorsOf(save.error, f.name)}
              />
            ))}
          </div>
          <Button type="submit" variant="secondary" pending={save.isPending} pendingLabel="Saving…">
            Save billing details
          </Button>
          {save.isSuccess ? <Notice tone="success">Billing details saved.</Notice> : null}
          {save.isError ? <Notice tone="error">{save.error.message}</Notice> : null}
        </form>
      )}
    </Panel>
  );
}
