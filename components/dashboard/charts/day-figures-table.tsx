import { formatUsd } from "@/lib/money";

/** The figures behind a chart, visually hidden, so assistive technology reads numbers, not shapes. */
export function DayFiguresTable({
  caption,
  column,
  rows,
}: {
  caption: string;
  column: string;
  rows: Array<{ day: string; minor: number }>;
}) {
  return (
    <table className="sr-only">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Day</th>
          <th scope="col">{column}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.day}>
            <td>{r.day}</td>
            <td>{formatUsd(r.minor)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
