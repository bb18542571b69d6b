import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { acquireDirLock, DataDirLockedError } from "./lock";

const tryInChild = (dir: string) =>
  spawnSync(process.execPath, ["--import", "tsx", path.resolve("tests/helpers/lock-child.ts"), dir], {
    encoding: "utf8",
  });

test("a second process on the same PGlite folder fails with a clear message", () => {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), "onramp-lock-")), "pglite");
  const release = acquireDirLock(dir);
  try {
    const child = tryInChild(dir);
    assert.notEqual(child.status, 0);
    assert.match(child.stderr, /in use by another Onramp process \(pid \d+\)/);
    assert.doesNotMatch(child.stdout, /locked/);
  } finally {
    release();
  }
  assert.equal(existsSync(`${dir}.lock`), false);
  const after = tryInChild(dir);
  assert.equal(after.status, 0, after.stderr);
  assert.match(after.stdout, /locked/);
});

test("a lock left by a dead process is taken over", () => {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), "onramp-lock-")), "pglite");
  const dead = spawnSync(process.execPath, ["-e", "console.log(process.pid)"], { encoding: "utf8" });
  writeFileSync(`${dir}.lock`, dead.stdout.trim());
  const release = acquireDirLock(dir);
  release();
});

test("the same process cannot lock twice either", () => {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), "onramp-lock-")), "pglite");
  const release = acquireDirLock(dir);
  try {
    assert.throws(() => acquireDirLock(dir), DataDirLockedError);
  } finally {
    release();
  }
});
