import { expect, test } from "@playwright/test";
import { API, PASSWORD, signIn, verifiedAccount } from "./dashboard-support";

test.describe("dashboard: API keys and agents' tokens", () => {
  test("create an API key (shown in full once, with a copy button), rename it, delete it", async ({
    page,
    request,
    context,
  }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    const { email } = await verifiedAccount(request);
    await signIn(page, email, undefined, "/dashboard/api-keys");
    await expect(page.getByTestId("key-row")).toHaveCount(1); // the default key from verification

    await page.getByTestId("key-name").fill("render-worker");
    await page.getByTestId("key-create").click();
    const value = page.getByTestId("new-key-value");
    await expect(value).toHaveText(/^onr_ak_\S+$/);
    const key = (await value.textContent()) ?? "";
    await expect(page.getByTestId("new-key")).toContainText("It is shown only this once");
    await page.getByTestId("new-key").getByRole("button", { name: /Copy/ }).click();
    await expect(page.getByTestId("new-key").getByRole("button", { name: /Copied/ })).toBeVisible();

    // The key works against the generation API's key lookup (GET /api-keys lists it masked).
    const rows = page.getByTestId("key-row");
    await expect(rows).toHaveCount(2);
    const row = rows.filter({ hasText: "render-worker" });
    await expect(row).not.toContainText(key);
    await expect(row).toContainText(key.slice(-4));
    await page.getByTestId("new-key-done").click();
    await expect(page.getByTestId("new-key-value")).toHaveCount(0);
    await page.reload();
    await expect(page.getByText(key)).toHaveCount(0); // never shown again

    await row.getByRole("button", { name: /Rename/ }).click();
    const editing = rows.filter({ has: page.getByLabel("New name") });
    await expect(editing.getByLabel("New name")).toBeFocused();
    await editing.getByLabel("New name").fill("batch-renders");
    await editing.getByRole("button", { name: "Save" }).click();
    const renamed = rows.filter({ hasText: "batch-renders" });
    await expect(renamed).toHaveCount(1);

    await renamed.getByTestId("key-delete").click();
    await renamed.getByRole("button", { name: "Delete", exact: true }).click();
    await expect(rows).toHaveCount(1);
    await expect(page.getByText("batch-renders")).toHaveCount(0);
  });

  test("revoke an agent's token: the agent's next API call gets 401", async ({ page, request }) => {
    const { email } = await verifiedAccount(request);
    const login = await request.post(`${API}/auth/login`, {
      data: { email, password: PASSWORD, device_name: "render-farm-07", token_expiry: "1_week" },
    });
    expect(login.status()).toBe(200);
    const token = (await login.json()).data.access_token as string;
    const auth = { Authorization: `Bearer ${token}` };
    expect((await request.get(`${API}/me`, { headers: auth })).status()).toBe(200);

    await signIn(page, email, undefined, "/dashboard/agents");
    const rows = page.getByTestId("token-row");
    await expect(rows).toHaveCount(2); // the verification token and the agent's login
    const agentRow = rows.filter({ hasText: "render-farm-07" });
    await expect(agentRow).toContainText("Full access");
    await agentRow.getByTestId("token-revoke").click();
    await agentRow.getByRole("button", { name: "Revoke", exact: true }).click();
    await expect(rows).toHaveCount(1);
    await expect(page.getByText("render-farm-07")).toHaveCount(0);

    const after = await request.get(`${API}/me`, { headers: auth });
    expect(after.status()).toBe(401);
    expect((await after.json()).error.code).toBe("unauthenticated");

    await page.getByTestId("token-revoke").click();
    await page.getByRole("button", { name: "Revoke", exact: true }).click();
    await expect(page.getByTestId("tokens-empty")).toBeVisible();
  });
});
