// `npm run lint`'s architecture check: dependency-cruiser validates the rules of
// .dependency-cruiser.cjs, then the lib/ domain graph built from its output must have no cycle
// (a domain is a folder of lib/, or a file at its root; tests do not count). Exits 1 listing every
// violation. `--root DIR` checks another tree with the same rules (the rules' own tests use it);
// `--json` prints {violations, cycles} instead of text.
import { existsSync } from "node:fs";
import Module, { register } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

// dependency-cruiser parses TypeScript with the TypeScript compiler API, which TypeScript 7 (the
// project's compiler) no longer ships. It gets TypeScript 6 instead, installed as the `typescript6`
// alias: its `typescript` imports (ESM, resolve hook) and `require`s (CommonJS) are pointed there.
register(pathToFileURL(path.join(repo, "scripts/typescript6-hook.mjs")));
const FROM_CRUISER = /[\\/]node_modules[\\/]dependency-cruiser[\\/]/;
const TYPESCRIPT = /^typescript(?=\/|$)/;
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  const fromCruiser = TYPESCRIPT.test(request) && FROM_CRUISER.test(parent?.filename ?? "");
  return resolveFilename.call(
    this,
    fromCruiser ? request.replace(TYPESCRIPT, "typescript6") : request,
    parent,
    ...rest,
  );
};

const { cruise } = await import("dependency-cruiser");
const { default: extractDepcruiseOptions } = await import(
  "dependency-cruiser/config-utl/extract-depcruise-options"
);

const SOURCES = [
  "app",
  "components",
  "lib",
  "emulator",
  "tests",
  "scripts",
  "e2e",
  "proxy.ts",
  "instrumentation.ts",
  "next.config.ts",
  "playwright.config.ts",
  "drizzle.config.ts",
];
const IS_TEST = /\.test\.tsx?$/;

/** `lib/wallet/ledger.ts` → `wallet`, `lib/money.ts` → `money`; null outside lib/. */
export function domainOf(file) {
  const match = /^lib\/([^/]+?)(?:\/|\.tsx?$)/.exec(file);
  return match ? match[1] : null;
}

/** Groups of lib/ domains that import each other in a ring (strongly connected, more than one). */
export function domainCycles(modules) {
  const graph = new Map();
  for (const module of modules) {
    const from = domainOf(module.source);
    if (!from || IS_TEST.test(module.source)) continue;
    if (!graph.has(from)) graph.set(from, new Set());
    for (const dependency of module.dependencies) {
      const to = domainOf(dependency.resolved);
      if (to && to !== from) {
        graph.get(from).add(to);
        if (!graph.has(to)) graph.set(to, new Set());
      }
    }
  }
  // Tarjan's strongly connected components.
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const groups = [];
  let next = 0;
  const visit = (v) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v) === index.get(v)) {
      const group = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return groups;
}

/** Cruises `root` with the repository's rules. */
export async function checkBoundaries(root = repo) {
  const previous = process.cwd();
  process.chdir(root);
  try {
    const options = await extractDepcruiseOptions(path.join(repo, ".dependency-cruiser.cjs"));
    const sources = SOURCES.filter((source) => existsSync(path.join(root, source)));
    const result = await cruise(sources, { ...options, validate: true, outputType: "json" });
    const output = typeof result.output === "string" ? JSON.parse(result.output) : result.output;
    // Without a TypeScript parser dependency-cruiser skips .ts files and would find nothing wrong.
    if (!output.modules.some((m) => /\.tsx?$/.test(m.source))) {
      throw new Error(
        "dependency-cruiser read no TypeScript module: is the typescript6 dev dependency installed?",
      );
    }
    const violations = output.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to }));
    return { violations, cycles: domainCycles(output.modules), modules: output.modules.length };
  } finally {
    process.chdir(previous);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const rootArg = process.argv.indexOf("--root");
  const root = rootArg > 0 ? path.resolve(process.argv[rootArg + 1]) : repo;
  const report = await checkBoundaries(root);
  if (process.argv.includes("--json")) {
    console.log(JSON.stringify(report));
  } else {
    for (const v of report.violations) console.error(`${v.rule}: ${v.from} → ${v.to}`);
    for (const group of report.cycles) console.error(`lib-domain-cycle: ${group.join(" ⇄ ")}`);
    if (!report.violations.length && !report.cycles.length) {
      console.log(`boundaries: ok (${report.modules} modules, no lib/ domain cycle)`);
    }
  }
  process.exitCode = report.violations.length || report.cycles.length ? 1 : 0;
}
