import { formatUsd } from "@/lib/money";
import type { DayPoint } from "@/lib/wallet/activity";
import { ChartFrame } from "./chart-frame";
import { DayFiguresTable } from "./day-figures-table";
import { niceMaxMinor, VIEW } from "./scale";

/** Generation spend per day as bars (server-rendered SVG), with a hidden table of the figures. */
export function SpendChart({ points }: { points: DayPoint[] }) {
  const total = points.reduce((sum, p) => sum + p.spentMinor, 0);
  const max = niceMaxMinor(Math.max(0, ...points.map((p) => p.spentMinor)));
  const slot = VIEW / Math.max(1, points.length);
  const summary = `Spent ${formatUsd(total)} on generation over the last ${points.length} days.`;
  return (
    <figure data-testid="spend-chart" className="min-w-0">
      <figcaption className="mb-3 flex flex-wrap items-baseline justify-between gap-2 text-sm">
        <span className="font-medium text-slate-900">Generation spend per day</span>
        <span className="text-slate-600" data-testid="spend-total">
          {formatUsd(total)} in {points.length} days
        </span>
      </figcaption>
      <ChartFrame maxMinor={max} days={points.map((p) => p.day)} label={summary}>
        {points.map((p, i) =>
          p.spentMinor > 0 ? (
            <rect
              key={p.day}
              x={i * slot + slot * 0.15}
              y={VIEW - (p.spentMinor / max) * VIEW}
              width={slot * 0.7}
              height={(p.spentMinor / max) * VIEW}
              fill="oklch(0.52 0.11 175)"
            >
              <title>{`${p.day}: ${formatUsd(p.spentMinor)}`}</title>
            </rect>
          ) : null,
        )}
      </ChartFrame>
      <DayFiguresTable
        caption="Spend by day"
        column="Spent"
        rows={points.map((p) => ({ day: p.day, minor: p.spentMinor }))}
      />
    </figure>
  );
}
