import type { ReactNode } from "react";
import { formatUsd } from "@/lib/money";
import { shortDay, VIEW } from "./scale";

/**
 * Axes in HTML around a stretched SVG plot: the labels keep their real text size at any width
 * (375 px phones included), which text inside a scaled SVG would not.
 */
export function ChartFrame({
  maxMinor,
  days,
  label,
  children,
}: {
  maxMinor: number;
  days: string[];
  /** The figure's text alternative. */
  label: string;
  children: ReactNode;
}) {
  const ticks = [maxMinor, maxMinor / 2, 0];
  const xLabels = days.length ? [days[0], days[Math.floor((days.length - 1) / 2)], days.at(-1)] : [];
  return (
    <div className="flex gap-2">
      <div
        className="flex h-40 w-16 shrink-0 flex-col justify-between text-right text-xs tabular-nums text-slate-600"
        aria-hidden="true"
      >
        {ticks.map((t) => (
          <span key={t} className="-my-2 leading-4">
            {formatUsd(t)}
          </span>
        ))}
      </div>
      <div className="min-w-0 flex-1">
        <svg
          viewBox={`0 0 ${VIEW} ${VIEW}`}
          preserveAspectRatio="none"
          className="block h-40 w-full overflow-visible"
          role="img"
          aria-label={label}
        >
          {[0, VIEW / 2, VIEW].map((y) => (
            <line key={y} x1="0" x2={VIEW} y1={y} y2={y} stroke="#e2e8f0" vectorEffect="non-scaling-stroke" />
          ))}
          {children}
        </svg>
        <div className="mt-1 flex justify-between text-xs text-slate-600" aria-hidden="true">
          {xLabels.map((d, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: three fixed positions
            <span key={i}>{d ? shortDay(d) : ""}</span>
          ))}
        </div>
      </div>
    </div>
  );
}
