export interface TestFailure {
  name: string;
  /** The test file, as the runner located it ("" when it did not). */
  file: string;
  details: string[];
}
export function tapFailures(text: string): TestFailure[];
export function playwrightFailures(report: unknown, status?: "unexpected" | "flaky"): TestFailure[];
