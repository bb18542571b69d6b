import { Skeleton } from "@/components/ui/skeleton";

export default function AuditLoading() {
  return (
    <div role="status" aria-live="polite" data-testid="audit-loading">
      <span className="sr-only">Loading the audit log…</span>
      <Skeleton className="h-8 w-40" />
      <Skeleton className="mt-3 h-4 w-96 max-w-full" />
      <Skeleton className="mt-6 h-10" />
      <div className="mt-4 space-y-2">
        <Skeleton className="h-8" />
        <Skeleton className="h-8" />
        <Skeleton className="h-8" />
      </div>
    </div>
  );
}
