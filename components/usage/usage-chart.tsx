import { usdDecimal } from "@/lib/money";
import type { UsageDay } from "@/lib/usage/daily";

export interface UsageChartProps {
  days: UsageDay[];
  /** Which figure the bars show: net spend (default) or number of calls. */
  metric?: "cost" | "requests";
  title?: string;
}

const WIDTH = 640;
const HEIGHT = 200;
const PAD = { top: 12, right: 12, bottom: 28, left: 48 };

/** Cents as `$1234.50` (a scale's tick may fall between cents), or a count. */
const label = (metric: "cost" | "requests", value: number) =>
  metric === "cost" ? `$${usdDecimal(Math.round(value))}` : String(value);

/** Rounds up to 1, 2 or 5 × 10ⁿ so the axis reads in round numbers. */
function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((s) => s * power >= value) ?? 10;
  return step * power;
}

/**
 * Usage per day as an SVG bar chart, rendered on the server (no chart library, no client script).
 * Bars carry a <title> for hover and assistive tech; the figure's caption states the total.
 */
export function UsageChart({ days, metric = "cost", title = "Usage" }: UsageChartProps) {
  const values = days.map((d) => (metric === "cost" ? d.netMinor : d.requests));
  const total = values.reduce((a, b) => a + b, 0);
  const max = niceMax(Math.max(0, ...values));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(1, days.length);
  const barW = Math.max(1, slot * 0.7);
  // Request counts are whole numbers: no "0.5 requests" gridline when the scale is tiny.
  const ticks = metric === "requests" && max < 2 ? [0, max] : [0, max / 2, max];
  const xLabels = [
    ...new Set(days.length > 0 ? [0, Math.floor((days.length - 1) / 2), days.length - 1] : []),
  ];
  const summary = `${title}: ${label(metric, total)} over ${days.length} days${
    days.length ? ` (${days[0]?.date} to ${days.at(-1)?.date})` : ""
  }`;

  return (
    <figure data-testid="usage-chart" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <figcaption className="mb-2 flex items-baseline justify-between gap-4 text-sm">
        <span className="font-medium text-slate-900">{title}</span>
        <span data-testid="usage-chart-total" className="text-slate-600">
          {label(metric, total)} in {days.length} days
        </span>
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={summary} className="h-auto w-full">
        {ticks.map((t) => {
          const y = PAD.top + plotH - (t / max) * plotH;
          return (
            <g key={t}>
              <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y} y2={y} stroke="#e2e8f0" strokeWidth={1} />
              <text x={PAD.left - 6} y={y + 4} textAnchor="end" fontSize={11} fill="#64748b">
                {label(metric, t)}
              </text>
            </g>
          );
        })}
        {days.map((d, i) => {
          const value = values[i] ?? 0;
          const h = (value / max) * plotH;
          const x = PAD.left + i * slot + (slot - barW) / 2;
          return (
            <rect
              key={d.date}
              data-date={d.date}
              x={x}
              y={PAD.top + plotH - h}
              width={barW}
              height={h}
              rx={Math.min(2, barW / 4)}
              className="fill-brand-500"
            >
              <title>{`${d.date}: ${label(metric, value)}, ${d.requests} call${d.requests === 1 ? "" : "s"}`}</title>
            </rect>
          );
        })}
        {xLabels.map((i) => {
          const d = days[i];
          if (!d) return null;
          return (
            <text
              key={`x-${d.date}`}
              x={PAD.left + i * slot + slot / 2}
              y={HEIGHT - 8}
              textAnchor="middle"
              fontSize={11}
              fill="#64748b"
            >
              {d.date.slice(5)}
            </text>
          );
        })}
      </svg>
    </figure>
  );
}
