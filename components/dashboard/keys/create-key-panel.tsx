"use client";

import { type FormEvent, useEffect, useRef, useState } from "react";
import { CopyButton } from "@/components/copy-button";
import { useAction } from "@/components/dashboard/data/use-action";
import { useInvalidate } from "@/components/dashboard/data/use-resource";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";
import { createKeyAction } from "@/lib/actions/key-actions";
import { queryKeys } from "@/lib/query/keys";
import { fieldErrorsOf, unwrap } from "@/lib/query/unwrap";

/** Creates a key and shows it in full exactly once, with a copy button; afterwards only a mask. */
export function CreateKeyPanel() {
  const reload = useInvalidate();
  const [name, setName] = useState("");
  const revealRef = useRef<HTMLDivElement>(null);
  const create = useAction(async (input: { name: string }) => unwrap(await createKeyAction(input)), {
    onSuccess: () => {
      setName("");
      return reload(queryKeys.apiKeys);
    },
  });

  // Move focus to the new key so keyboard and screen-reader users land on it.
  useEffect(() => {
    if (create.data) revealRef.current?.focus();
  }, [create.data]);

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ name });
  }

  return (
    <Panel
      title="Create a key"
      description="Keys call the generation API (/api/v6 and /api/v7). Give each app or agent its own."
      id="create-key"
    >
      {create.data ? (
        <div
          ref={revealRef}
          tabIndex={-1}
          className="space-y-3 rounded-md focus:outline-none"
          data-testid="new-key"
        >
          <Notice tone="warning" title="Copy this key now">
            It is shown only this once. Onramp keeps a hash, so it cannot show it again: if it is lost, delete
            it and create another.
          </Notice>
          <div className="flex flex-wrap items-center gap-3 rounded-md bg-slate-900 px-3 py-3">
            <code
              className="min-w-0 flex-1 break-all font-mono text-sm text-slate-50"
              data-testid="new-key-value"
            >
              {create.data.key}
            </code>
            <CopyButton text={create.data.key} label={`API key “${create.data.name}”`} />
          </div>
          <Button variant="secondary" onClick={() => create.reset()} data-testid="new-key-done">
            I have stored it
          </Button>
        </div>
      ) : (
        <form onSubmit={submit} className="flex flex-wrap items-end gap-3" noValidate>
          <Field
            className="min-w-0 flex-1 basis-60"
            label="Name"
            placeholder="e.g. render-worker"
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={100}
            errors={fieldErrorsOf(create.error, "name")}
            data-testid="key-name"
          />
          <Button type="submit" pending={create.isPending} pendingLabel="Creating…" data-testid="key-create">
            Create key
          </Button>
          {create.isError && !fieldErrorsOf(create.error, "name") ? (
            <Notice tone="error" className="basis-full">
              {create.error.message}
            </Notice>
          ) : null}
        </form>
      )}
    </Panel>
  );
}
