"use client";

import { useEffect } from "react";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";

/** A page of the dashboard failed to render (e.g. Stripe unreachable): say so and offer a retry. */
export default function DashboardError({
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
    <div className="space-y-4" data-testid="dashboard-error">
      <h1 className="text-2xl font-semibold tracking-tight text-slate-950">This page could not load</h1>
      <Notice tone="error">
        Something went wrong while loading it. Nothing was changed. Try again; if it keeps failing, the
        payment provider may be unreachable for a moment.
        {error.digest ? <span className="mt-1 block text-xs">Reference: {error.digest}</span> : null}
      </Notice>
      <Button onClick={reset}>Try again</Button>
    </div>
  );
}
