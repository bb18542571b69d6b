/** Call counters for `GET /_emulator/stats` (in memory; object counts come from the store). */
export class Stats {
  readonly startedAt = Date.now();
  calls: Record<string, number> = {};
  statuses: Record<string, number> = {};
  total = 0;

  record(routeKey: string, status: number): void {
    this.total += 1;
    this.calls[routeKey] = (this.calls[routeKey] ?? 0) + 1;
    this.statuses[String(status)] = (this.statuses[String(status)] ?? 0) + 1;
  }

  reset(): void {
    this.calls = {};
    this.statuses = {};
    this.total = 0;
  }
}
