export interface TestFailure {
  name: string;
  details: string[];
}
export function tapFailures(text: string): TestFailure[];
export function playwrightFailures(report: unknown): TestFailure[];
