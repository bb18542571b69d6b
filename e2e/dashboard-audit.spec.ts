import { readFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { API, PASSWORD, signIn, verifiedAccount } from "./dashboard-support";

test.describe("dashboard: the audit log", () => {
  test("an agent's and a person's actions, filtered by actor and action, exported as CSV", async ({
    page,
    request,
  }) => {
    const { email } = await verifiedAccount(request);
    // An agent signs in from its device; then the person creates a key in the dashboard.
    const login = await request.post(`${API}/auth/login`, {
      data: { email, password: PASSWORD, device_name: "nightly-batch" },
    });
    expect(login.status()).toBe(200);
    await signIn(page, email, undefined, "/dashboard/api-keys");
    await page.getByTestId("key-name").fill("render-worker");
    await page.getByTestId("key-create").click();
    await expect(page.getByTestId("new-key-value")).toBeVisible();

    await page
      .getByRole("navigation", { name: "Dashboard" })
      .getByRole("link", { name: "Audit log" })
      .click();
    await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
    const rows = page.getByTestId("audit-row");
    const humanKey = rows.filter({ hasText: "api_key.created" }).and(page.locator('[data-actor="human"]'));
    await expect(humanKey).toHaveCount(1);
    await expect(humanKey).toContainText("Person");
    const agentToken = rows.filter({ hasText: "nightly-batch" });
    await expect(agentToken).toHaveCount(1);
    await expect(agentToken).toContainText("token.created");
    await expect(agentToken).toContainText("Agent");
    await expect(agentToken).toContainText(/req_/);
    const axe = await new AxeBuilder({ page })
      .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"])
      .analyze();
    expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);

    // Only people.
    await page.getByTestId("audit-actor").selectOption("human");
    await page.getByTestId("audit-apply").click();
    await page.waitForURL(/actor_kind=human/);
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toHaveAttribute("data-action", "api_key.created");

    // Every token action, anyone.
    await page.getByTestId("audit-actor").selectOption("");
    await page.getByTestId("audit-action").fill("token.");
    await page.getByTestId("audit-apply").click();
    await page.waitForURL(/action=token\./);
    await expect(rows).toHaveCount(2); // verify's token and the device's login
    for (const action of await rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-action")))) {
      expect(action).toBe("token.created");
    }

    const download = page.waitForEvent("download");
    await page.getByTestId("audit-csv").click();
    const csv = readFileSync((await (await download).path())!, "utf8");
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "created_at,id,action,actor_kind,actor_user_id,actor_name,target_type,target_id,request_id,ip,data",
    );
    expect(lines).toHaveLength(3);
    expect(lines.slice(1).every((l) => l.includes(",token.created,agent,"))).toBe(true);
    expect(csv).toContain(",nightly-batch,access_token,");
    expect(csv).not.toContain("api_key.created");

    // Nothing in the future; a filter that cannot be read says so.
    await page.goto("/dashboard/audit?from=2099-01-01");
    await expect(page.getByTestId("audit-empty")).toContainText("No entries match");
    await page.goto("/dashboard/audit?action=Not%20an%20action!");
    await expect(page.getByTestId("audit-invalid")).toContainText("action");

    // The export is the signed-in account's only.
    expect((await request.get("/dashboard/audit/events.csv")).status()).toBe(401);
  });
});
