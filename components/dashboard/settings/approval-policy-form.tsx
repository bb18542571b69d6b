"use client";

import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";
import { updateApprovalPolicyAction } from "@/lib/actions/approval-actions";
import { fieldErrorsOf } from "@/lib/query/unwrap";
import { useActionForm } from "./use-action-form";

export interface ApprovalPolicyView {
  subscriptions: boolean;
  funds: boolean;
  fund_threshold: number;
  api_keys: boolean;
  is_default: boolean;
}

/** Which members' requests wait for an owner or admin; read-only for members and viewers. */
export function ApprovalPolicyForm({ policy, canEdit }: { policy: ApprovalPolicyView; canEdit: boolean }) {
  const save = useActionForm(updateApprovalPolicyAction);
  return (
    <Panel
      title="Approval policy"
      id="approval-policy"
      description="Requests by members (not owners or admins) that wait in the Approvals inbox until an owner or admin decides."
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(e.currentTarget);
        }}
        className="space-y-4"
        noValidate
      >
        <fieldset disabled={!canEdit} className="space-y-3">
          <label className="flex items-center gap-2 text-sm text-slate-800">
            <input type="checkbox" name="subscriptions" defaultChecked={policy.subscriptions} />
            New subscriptions and plan changes need approval
          </label>
          <label className="flex items-center gap-2 text-sm text-slate-800">
            <input type="checkbox" name="funds" defaultChecked={policy.funds} />
            Wallet funding above the amount below needs approval
          </label>
          <Field
            className="max-w-xs"
            label="Funding approval threshold"
            name="fund_threshold"
            prefix="$"
            inputMode="decimal"
            defaultValue={String(policy.fund_threshold)}
            errors={fieldErrorsOf(save.error, "fund_threshold")}
          />
          <label className="flex items-center gap-2 text-sm text-slate-800">
            <input type="checkbox" name="api_keys" defaultChecked={policy.api_keys} />
            New API keys need approval
          </label>
        </fieldset>
        {canEdit ? (
          <Button type="submit" variant="secondary" pending={save.isPending} pendingLabel="Saving…">
            Save approval policy
          </Button>
        ) : (
          <p className="text-sm text-slate-600">Only owners and admins change the approval policy.</p>
        )}
        {save.isSuccess ? <Notice tone="success">Approval policy saved.</Notice> : null}
        {save.isError && !fieldErrorsOf(save.error, "fund_threshold") ? (
          <Notice tone="error">{save.error.message}</Notice>
        ) : null}
      </form>
    </Panel>
  );
}
