/**
 * The architecture's boundaries, checked by dependency-cruiser (`npm run lint` runs
 * scripts/check-boundaries.mjs, which also checks that no two lib/ domains import each other in a
 * ring). DESIGN: doors (app/, lib/http, lib/actions, lib/query) → domains → foundation.
 *
 * A "domain" is a folder of lib/ (lib/wallet) or a single file at its root (lib/money.ts).
 *
 * Run it through scripts/check-boundaries.mjs: a bare `depcruise` cannot read TypeScript here
 * (TypeScript 7 has no compiler API; the script lends dependency-cruiser TypeScript 6).
 */

/**
 * lib/'s layers, lowest first: a domain may import its own layer and the layers below, never one
 * above. Test files are exempt (a test may set up through any domain).
 */
const LAYERS = [
  // foundation
  [
    "env",
    "errors",
    "money",
    "log",
    "luhn",
    "redis",
    "private-files",
    "db",
    "stripe",
    "mail",
    "pubsub",
    "audit",
    "secrets",
    "shutdown",
    "fault-points",
    "metrics",
  ],
  ["accounts", "health", "ops"],
  ["auth", "api-keys"],
  ["sign-in", "payments", "teams"],
  ["wallet", "subscriptions"],
  ["checkout", "invoices", "usage", "generation", "model-catalogue", "profile"],
  ["billing", "stripe-events", "approvals"],
  // the doors
  ["http", "actions", "query", "boot", "mcp"],
];

const domains = (names) => `^lib/(${names.join("|")})(/|\\.tsx?$)`;
const TESTS = "\\.test\\.tsx?$";

const layerRules = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `layer-${i}-not-upward`,
  comment: `lib/{${layer.join(",")}} may not import a higher layer: ${LAYERS.slice(i + 1)
    .map((l) => `{${l.join(",")}}`)
    .join(" > ")}`,
  severity: "error",
  from: {
    path: domains(layer),
    pathNot: TESTS,
  },
  to: { path: domains(LAYERS.slice(i + 1).flat()) },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: "lib-domain-has-a-layer",
      comment:
        "every lib/ domain has its place in LAYERS (.dependency-cruiser.cjs), so the layer rules see it",
      severity: "error",
      from: { path: "^lib/", pathNot: [domains(LAYERS.flat()), TESTS] },
      to: {},
    },
    {
      name: "lib-not-to-app",
      comment:
        "lib/ never imports app/ or the root auth.ts, tests included: route-driving tests live under tests/ or app/",
      severity: "error",
      from: {
        path: "^lib/",
      },
      to: { path: "^(app/|auth\\.ts$)" },
    },
    {
      name: "stripe-sdk-only-in-lib-stripe",
      comment:
        "only lib/stripe imports the stripe SDK at run time (the emulator's own tests may drive it with the SDK)",
      severity: "error",
      from: { pathNot: "^(lib/stripe/|emulator/tests/)" },
      to: { path: "^node_modules/stripe/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "stripe-types-only-in-lib-stripe-and-emulator",
      comment: "the stripe SDK's types are imported by lib/stripe (which re-exports them) and the emulator",
      severity: "error",
      from: { pathNot: "^(lib/stripe/|emulator/)" },
      to: { path: "^node_modules/stripe/", dependencyTypes: ["type-only"] },
    },
    {
      name: "process-only-in-lib-env",
      comment: "only lib/env.ts reads the environment (`process.env` itself is Biome's style/noProcessEnv)",
      severity: "error",
      from: {
        path: "^(app|components|lib|emulator)/|^(proxy|instrumentation)\\.ts$",
        pathNot: ["^lib/env\\.ts$", TESTS],
      },
      to: { dependencyTypes: ["core"], path: "^(node:)?process$" },
    },
    {
      name: "emulator-imports-nothing-of-the-app",
      comment:
        "the emulator is a program of its own: it imports nothing from lib/, app/ or the rest of Onramp",
      severity: "error",
      from: { path: "^emulator/" },
      to: {
        path: "^(?!emulator/|node_modules/)[^/]+/|^[^/]+\\.(ts|tsx|mjs|cjs)$",
        dependencyTypesNot: ["core"],
      },
    },
    {
      name: "emulator-only-through-its-start-function",
      comment:
        "outside the emulator, only its start function (emulator/server.ts) is imported; the rest goes over HTTP",
      severity: "error",
      from: { pathNot: "^emulator/" },
      to: { path: "^emulator/", pathNot: "^emulator/server\\.ts$" },
    },
    {
      name: "components-not-to-lib-db",
      comment: "components/ never import the database",
      severity: "error",
      from: { path: "^components/" },
      to: { path: "^lib/db/" },
    },
    {
      name: "app-not-to-lib-db",
      comment:
        "app/ reads and writes through domain functions, never the database (tests set up data directly)",
      severity: "error",
      from: {
        path: "^app/",
        pathNot: [TESTS, "^app/.+/test-support\\.ts$"],
      },
      to: { path: "^lib/db/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(\\.next|\\.data[^/]*)/|^emulator/tests/fixtures/" },
    // Type-only imports are dependencies too (they couple domains); rules that care say so.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
    },
    moduleSystems: ["es6", "cjs"],
  },
};
