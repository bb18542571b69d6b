import assert from "node:assert/strict";
import { test } from "node:test";
import { isAppError } from "@/lib/errors";
import { can, PERMISSIONS, requirePermission } from "./permissions";

test("owners may do everything; viewers may only read", () => {
  for (const permission of Object.keys(PERMISSIONS) as Array<keyof typeof PERMISSIONS>) {
    assert.equal(can("owner", permission), true, permission);
    assert.equal(can("viewer", permission), permission === "read", permission);
  }
});

test("members spend and create keys but manage neither billing, members nor policy", () => {
  assert.equal(can("member", "fund"), true);
  assert.equal(can("member", "create_keys"), true);
  assert.equal(can("member", "manage_billing"), false);
  assert.equal(can("member", "manage_members"), false);
  assert.equal(can("admin", "manage_policy"), true);
});

test("requirePermission refuses with 403 forbidden naming the role and the permission", () => {
  assert.throws(
    () => requirePermission({ role: "viewer" }, "fund"),
    (error: unknown) =>
      isAppError(error) &&
      error.status === 403 &&
      error.code === "forbidden" &&
      JSON.stringify(error.details) === JSON.stringify({ required_permission: "fund", role: "viewer" }),
  );
  assert.doesNotThrow(() => requirePermission({ role: "member" }, "fund"));
});

test("README: the Roles and permissions table is the one PERMISSIONS renders", async () => {
  const { readFileSync } = await import("node:fs");
  const { permissionTableMarkdown } = await import("./permissions");
  const readme = readFileSync("README.md", "utf8");
  const match = /<!-- permissions-table:start -->\n([\s\S]*?)\n<!-- permissions-table:end -->/.exec(readme);
  assert.ok(match, "README.md lacks the <!-- permissions-table:start/end --> markers");
  assert.equal(
    match[1],
    permissionTableMarkdown(),
    `README.md's "Roles and permissions" table differs from lib/auth/permissions.ts; paste this:\n${permissionTableMarkdown()}`,
  );
});
