// Failing tests out of the two runners' machine-readable reports, for the recap `npm test`
// prints just above its summary line.
import { stripVTControlCharacters } from "node:util";

/** `/a/b.test.ts:12:3` → `/a/b.test.ts`; "" when the runner gave no location. */
const fileOf = (location) => location.replace(/:\d+:\d+$/, "");

/** `not ok` entries of a node TAP report: the names leading to each, its location and error. */
export function tapFailures(text) {
  const failures = [];
  const path = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const depth = Math.floor((line.length - line.trimStart().length) / 4);
    const subtest = /^\s*# Subtest: (.*)$/.exec(line);
    if (subtest) {
      path.length = depth;
      path[depth] = subtest[1];
      continue;
    }
    const notOk = /^\s*not ok \d+ - (.*?)(?: # .*)?$/.exec(line);
    if (!notOk) continue;
    const names = [...path.slice(0, depth), notOk[1]];
    const details = [];
    let location = "";
    let isLeafless = false;
    for (let j = i + 1; j < lines.length && !/^\s*\.\.\.$/.test(lines[j]); j++) {
      const field = /^\s*(location|error|failureType): ?(.*)$/.exec(lines[j]);
      if (!field) continue;
      if (field[1] === "failureType" && field[2].includes("subtestsFailed")) isLeafless = true;
      if (field[1] === "location") {
        location = field[2].replace(/^'|'$/g, "");
        details.push(`at ${location}`);
      }
      if (field[1] === "error") {
        const indent = lines[j].length - lines[j].trimStart().length;
        const block = [];
        if (/^[|>]-?$/.test(field[2])) {
          for (let k = j + 1; k < lines.length && block.length < 6; k++) {
            if (lines[k].trim() && lines[k].length - lines[k].trimStart().length <= indent) break;
            block.push(lines[k].trim());
          }
        } else block.push(field[2].replace(/^'|'$/g, ""));
        details.push(...block.filter(Boolean));
      }
    }
    // A suite that failed only because a child did adds nothing; a failed hook or file does.
    if (!isLeafless) failures.push({ name: names.join(" › "), file: fileOf(location), details });
  }
  return failures;
}

/**
 * Tests of a Playwright JSON report with the given outcome (`unexpected`: failed; `flaky`: passed on
 * a retry): the title path and the first lines of the first error.
 */
export function playwrightFailures(report, status = "unexpected") {
  const failures = [];
  const walk = (suite, titles) => {
    const here = suite.title ? [...titles, suite.title] : titles;
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status !== status) continue;
        const failedRun = test.results?.find((r) => r.error) ?? test.results?.at(-1);
        const message = stripVTControlCharacters(String(failedRun?.error?.message ?? ""));
        failures.push({
          name: [...here, spec.title].join(" › "),
          file: spec.file,
          details: [`at ${spec.file}:${spec.line}`, ...message.split("\n").filter(Boolean).slice(0, 6)],
        });
      }
    }
    for (const child of suite.suites ?? []) walk(child, here);
  };
  for (const suite of report.suites ?? []) walk(suite, []);
  return failures;
}
