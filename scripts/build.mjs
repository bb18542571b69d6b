// Builds the Next app when the sources changed since the last build (or with --force).
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildIsFresh, sourceHash, stampPath } from "./source-hash.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export function buildIfStale({ force = false } = {}) {
  if (!force && buildIsFresh(root)) return false;
  console.log("[onramp] building the app (sources changed since the last build)…");
  const result = spawnSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) {
    throw new Error(`next build failed with exit code ${result.status}`);
  }
  writeFileSync(stampPath(root), `${sourceHash(root)}\n`);
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    buildIfStale({ force: process.argv.includes("--force") });
  } catch (error) {
    console.error(`[onramp] ${error.message}`);
    process.exit(1);
  }
}
