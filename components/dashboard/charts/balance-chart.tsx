import { formatUsd } from "@/lib/money";
import type { DayPoint } from "@/lib/wallet/activity";
import { ChartFrame } from "./chart-frame";
import { DayFiguresTable } from "./day-figures-table";
import { niceMaxMinor, shortDay, VIEW } from "./scale";

/**
 * The closing balance of each day as a stepped area, drawn on the server as SVG; the numbers are
 * also in a visually hidden table for assistive technology.
 */
export function BalanceChart({ points }: { points: DayPoint[] }) {
  const max = niceMaxMinor(Math.max(0, ...points.map((p) => p.balanceMinor)));
  const step = VIEW / Math.max(1, points.length);
  const y = (minor: number) => VIEW - (minor / max) * VIEW;
  let line = "";
  points.forEach((p, i) => {
    line += `${i === 0 ? "M" : "L"}${(i * step).toFixed(2)},${y(p.balanceMinor).toFixed(2)} H${((i + 1) * step).toFixed(2)} `;
  });
  const first = points[0];
  const last = points.at(-1);
  const summary =
    first && last
      ? `Balance from ${shortDay(first.day)} to ${shortDay(last.day)}: ${formatUsd(first.balanceMinor)} to ${formatUsd(last.balanceMinor)}.`
      : "No balance history yet.";
  return (
    <figure data-testid="balance-chart" className="min-w-0">
      <figcaption className="mb-3 flex flex-wrap items-baseline justify-between gap-2 text-sm">
        <span className="font-medium text-slate-900">Closing balance, last {points.length} days</span>
        <span className="text-slate-600">{last ? `Now ${formatUsd(last.balanceMinor)}` : ""}</span>
      </figcaption>
      <ChartFrame maxMinor={max} days={points.map((p) => p.day)} label={summary}>
        {line ? <path d={`${line}V${VIEW} H0 Z`} fill="oklch(0.94 0.05 175)" /> : null}
        {line ? (
          <path
            d={line}
            fill="none"
            stroke="oklch(0.44 0.09 175)"
            strokeWidth="2"
            vectorEffect="non-scaling-stroke"
          />
        ) : null}
      </ChartFrame>
      <DayFiguresTable
        caption="Closing balance by day"
        column="Balance"
        rows={points.map((p) => ({ day: p.day, minor: p.balanceMinor }))}
      />
    </figure>
  );
}
