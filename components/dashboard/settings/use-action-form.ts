"use client";

import { useRouter } from "next/navigation";
import { useAction } from "@/components/dashboard/data/use-action";
import type { ActionResult } from "@/lib/actions/result";
import { unwrap } from "@/lib/query/unwrap";

/**
 * A settings form's mutation: runs the server action with the form's fields, then refreshes the
 * server-rendered page so every place that shows the value (the nav's name, say) agrees.
 */
export function useActionForm<T>(action: (input: unknown) => Promise<ActionResult<T>>) {
  const router = useRouter();
  return useAction(
    async (form: HTMLFormElement) => {
      const fields: Record<string, unknown> = {};
      for (const [name, value] of new FormData(form)) if (typeof value === "string") fields[name] = value;
      for (const box of form.querySelectorAll<HTMLInputElement>("input[type=checkbox][name]"))
        fields[box.name] = box.checked;
      return unwrap(await action(fields));
    },
    { onSuccess: () => router.refresh() },
  );
}
