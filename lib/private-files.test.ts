import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { mkdtempSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { closeDb, getDb } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";

const mode = (p: string) => statSync(p).mode & 0o777;
// A permissive umask, as on many desktops: the modes must not depend on it.
const previousUmask = process.umask(0o002);
process.on("exit", () => process.umask(previousUmask));

test("the PGlite folder (and the data folder it creates) is owner-only", async () => {
  const data = path.join(mkdtempSync(path.join(os.tmpdir(), "onramp-private-")), "data");
  const saved = process.env.PGLITE_DIR;
  process.env.PGLITE_DIR = path.join(data, "pglite");
  resetEnvCache();
  await closeDb();
  try {
    await getDb();
    assert.equal(mode(data), 0o700);
    assert.equal(mode(path.join(data, "pglite")), 0o700);
    assert.equal(mode(path.join(data, "pglite.lock")), 0o600);
  } finally {
    await closeDb();
    process.env.PGLITE_DIR = saved;
    resetEnvCache();
  }
});
