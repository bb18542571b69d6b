// Architectural rules that a linter cannot express: lib/env.ts is the only reader of process.env,
// and lib/stripe is the only importer of the `stripe` SDK. Exits 1 listing each offending line.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DIRS = ["app", "components", "lib", "emulator", "proxy.ts", "instrumentation.ts", "auth.ts"];
const SKIP = new Set(["node_modules", ".next"]);

function* files(rel) {
  const full = path.join(root, rel);
  let stat;
  try {
    stat = statSync(full);
  } catch {
    return;
  }
  if (stat.isDirectory()) {
    for (const name of readdirSync(full)) if (!SKIP.has(name)) yield* files(path.join(rel, name));
  } else if (/\.(ts|tsx|mjs|js)$/.test(rel)) {
    yield rel;
  }
}

const rules = [
  {
    name: "process.env is read only in lib/env.ts",
    pattern: /process\.env\b/,
    allowed: (file, line) =>
      file === "lib/env.ts" || /\.test\.tsx?$/.test(file) || /process\.env\.NEXT_RUNTIME/.test(line),
  },
  {
    name: "only lib/stripe imports the stripe SDK",
    pattern: /from\s+["']stripe["']|require\(["']stripe["']\)|import\(["']stripe["']\)/,
    allowed: (file) => file.startsWith("lib/stripe/"),
  },
];

const problems = [];
for (const dir of DIRS) {
  for (const file of files(dir)) {
    const lines = readFileSync(path.join(root, file), "utf8").split("\n");
    lines.forEach((line, i) => {
      for (const rule of rules) {
        if (rule.pattern.test(line) && !rule.allowed(file, line))
          problems.push(`${file}:${i + 1}: ${rule.name}`);
      }
    });
  }
}
if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log("boundaries: ok");
