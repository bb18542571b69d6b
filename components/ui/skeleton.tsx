/** A grey placeholder block while data loads; hidden from assistive technology (the page says "Loading"). */
export function Skeleton({ className }: { className?: string }) {
  return (
    <div
      aria-hidden="true"
      className={`animate-pulse rounded-md bg-slate-200 ${className ?? "h-4 w-full"}`}
    />
  );
}
