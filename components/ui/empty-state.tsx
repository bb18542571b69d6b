import type { ReactNode } from "react";

export function EmptyState({
  title,
  children,
  "data-testid": testId,
}: {
  title: string;
  children?: ReactNode;
  "data-testid"?: string;
}) {
  return (
    <div
      className="rounded-md border border-dashed border-slate-300 px-4 py-8 text-center"
      data-testid={testId}
    >
      <p className="font-medium text-slate-900">{title}</p>
      {children ? <div className="mx-auto mt-1 max-w-prose text-sm text-slate-600">{children}</div> : null}
    </div>
  );
}
