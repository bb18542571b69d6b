import assert from "node:assert/strict";
import { mkdtempSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { Store } from "../store";

const mode = (p: string) => statSync(p).mode & 0o777;
// A permissive umask, as on many desktops: the modes must not depend on it.
const previousUmask = process.umask(0o002);
process.on("exit", () => process.umask(previousUmask));

test("the emulator's saved state is owner-only", () => {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), "onramp-private-")), "emulator");
  const store = new Store({ dir });
  store.markDirty();
  store.flush();
  assert.equal(mode(dir), 0o700);
  assert.equal(mode(path.join(dir, "state.json")), 0o600);
});
