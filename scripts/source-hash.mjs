// Hash of everything that goes into `next build`, so `npm start` and `npm test` rebuild only when stale.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const INPUTS = [
  "app",
  "components",
  "lib",
  "public",
  "proxy.ts",
  "instrumentation.ts",
  "next.config.ts",
  "postcss.config.mjs",
  "tsconfig.json",
  "package.json",
  "package-lock.json",
];
const SKIP = new Set(["node_modules", ".next", ".data"]);

function walk(root, rel, files) {
  const full = path.join(root, rel);
  if (!existsSync(full)) return;
  if (statSync(full).isDirectory()) {
    for (const name of readdirSync(full).sort()) {
      if (!SKIP.has(name)) walk(root, path.join(rel, name), files);
    }
  } else if (!/\.test\.tsx?$/.test(rel)) {
    files.push(rel);
  }
}

export function sourceHash(root) {
  const files = [];
  for (const input of INPUTS) walk(root, input, files);
  const hash = createHash("sha256");
  for (const file of files) {
    hash.update(file);
    hash.update("\0");
    hash.update(readFileSync(path.join(root, file)));
    hash.update("\0");
  }
  return hash.digest("hex");
}

const STAMP = ".next/onramp-source-hash";

export function buildIsFresh(root) {
  const stamp = path.join(root, STAMP);
  if (!existsSync(path.join(root, ".next/BUILD_ID")) || !existsSync(stamp)) return false;
  return readFileSync(stamp, "utf8").trim() === sourceHash(root);
}

export const stampPath = (root) => path.join(root, STAMP);
