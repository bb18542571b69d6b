"use client";

import { type FormEvent, useState } from "react";
import { useAction } from "@/components/dashboard/data/use-action";
import { useInvalidate } from "@/components/dashboard/data/use-resource";
import { formatDate, formatDateTime } from "@/components/dashboard/format";
import { useApiKeys } from "@/components/dashboard/queries";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";
import { Skeleton } from "@/components/ui/skeleton";
import { deleteKeyAction, renameKeyAction } from "@/lib/actions/key-actions";
import { queryKeys } from "@/lib/query/keys";
import type { ApiKeyData } from "@/lib/query/loaders";
import { fieldErrorsOf, unwrap } from "@/lib/query/unwrap";

function KeyRow({ apiKey }: { apiKey: ApiKeyData }) {
  const reload = useInvalidate();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(apiKey.name);
  const invalidate = () => reload(queryKeys.apiKeys);
  const rename = useAction(
    async (input: { id: number; name: string }) => unwrap(await renameKeyAction(input)),
    {
      onSuccess: async () => {
        setEditing(false);
        await invalidate();
      },
    },
  );
  const remove = useAction(async () => unwrap(await deleteKeyAction({ id: apiKey.id })), {
    onSettled: invalidate,
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    rename.mutate({ id: apiKey.id, name });
  }

  return (
    <li className="py-3" data-testid="key-row">
      {editing ? (
        <form onSubmit={submit} className="flex flex-wrap items-end gap-2" noValidate>
          <Field
            className="min-w-0 flex-1 basis-52"
            label="New name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={100}
            errors={fieldErrorsOf(rename.error, "name")}
            autoFocus
          />
          <Button type="submit" size="sm" pending={rename.isPending} pendingLabel="Saving…">
            Save
          </Button>
          <Button variant="secondary" size="sm" onClick={() => setEditing(false)}>
            Cancel
          </Button>
        </form>
      ) : (
        <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
          <span className="font-medium text-slate-900" data-testid="key-name-text">
            {apiKey.name}
          </span>
          {apiKey.isDefault ? <Badge tone="brand">Default</Badge> : null}
          <code className="font-mono text-sm text-slate-700">{apiKey.key}</code>
          <span className="ml-auto flex flex-wrap gap-2">
            <Button variant="ghost" size="sm" onClick={() => setEditing(true)}>
              Rename<span className="sr-only"> {apiKey.name}</span>
            </Button>
            <ConfirmButton
              variant="ghost"
              size="sm"
              question="Delete? Apps using it stop working."
              confirmLabel="Delete"
              pending={remove.isPending}
              onConfirm={() =>
                remove.mutateAsync().then(
                  () => undefined,
                  () => undefined,
                )
              }
              data-testid="key-delete"
            >
              Delete<span className="sr-only"> {apiKey.name}</span>
            </ConfirmButton>
          </span>
          <p className="basis-full text-xs text-slate-600">
            Created {formatDate(apiKey.createdAt)} · Last used{" "}
            {apiKey.lastUsedAt ? formatDateTime(apiKey.lastUsedAt) : "never"}
          </p>
        </div>
      )}
      {remove.isError ? <Notice tone="error">{remove.error.message}</Notice> : null}
      {rename.isError && !fieldErrorsOf(rename.error, "name") ? (
        <Notice tone="error">{rename.error.message}</Notice>
      ) : null}
    </li>
  );
}

export function KeysPanel() {
  const keys = useApiKeys();
  return (
    <Panel title="Your keys" id="keys">
      {keys.isPending ? (
        <Skeleton className="h-16" />
      ) : keys.isError ? (
        <Notice tone="error">Could not load the keys: {keys.error.message}</Notice>
      ) : keys.data.length === 0 ? (
        <EmptyState title="No API keys" data-testid="keys-empty">
          Create one above. An agent also gets a default key when it verifies its email or signs in.
        </EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100" data-testid="keys-list">
          {keys.data.map((k) => (
            <KeyRow key={k.id} apiKey={k} />
          ))}
        </ul>
      )}
    </Panel>
  );
}
