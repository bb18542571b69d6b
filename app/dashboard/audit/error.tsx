"use client";

import { useEffect } from "react";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";

/** The audit log could not be read: say so (nothing was changed) and offer a retry. */
export default function AuditError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div className="space-y-4" data-testid="audit-error">
      <h1 className="text-2xl font-semibold tracking-tight text-slate-950">The audit log could not load</h1>
      <Notice tone="error">
        Reading the entries failed. Nothing was changed. Try again in a moment.
        {error.digest ? <span className="mt-1 block text-xs">Reference: {error.digest}</span> : null}
      </Notice>
      <Button onClick={reset}>Try again</Button>
    </div>
  );
}
