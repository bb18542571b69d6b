// Module resolve hook for scripts/check-boundaries.mjs: dependency-cruiser's `import("typescript")`
// gets the TypeScript 6 compiler API (the `typescript6` alias); everyone else's stays TypeScript 7.
const FROM_CRUISER = /\/node_modules\/dependency-cruiser\//;
const TYPESCRIPT = /^typescript(?=\/|$)/;

export async function resolve(specifier, context, nextResolve) {
  if (TYPESCRIPT.test(specifier) && FROM_CRUISER.test(context.parentURL ?? "")) {
    return nextResolve(specifier.replace(TYPESCRIPT, "typescript6"), context);
  }
  return nextResolve(specifier, context);
}
