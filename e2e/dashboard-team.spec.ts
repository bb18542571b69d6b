import { expect, test } from "@playwright/test";
import { API, latestMail, PASSWORD, screenshots, signIn, verifiedAccount } from "./dashboard-support";

test.describe("dashboard: a team", () => {
  // Two people, two browsers and a dozen page loads: longer than one page's budget.
  test.setTimeout(180_000);

  test("invite, see it pending, accept through the link as the other person, switch account, change the role, remove", async ({
    page,
    request,
    browser,
  }, testInfo) => {
    const owner = await verifiedAccount(request, "Olive Owner");
    const bob = await verifiedAccount(request, "Bob Builder");

    // The owner's Team page: nobody else yet.
    await signIn(page, owner.email, undefined, "/dashboard/team");
    await expect(page.getByRole("heading", { name: "Team", exact: true })).toBeVisible();
    await expect(page.getByTestId("team-empty")).toBeVisible();
    await expect(page.getByTestId("account-switcher")).toHaveCount(0); // one account: no switcher

    // Invite Bob as a member: the row shows the pending invitation.
    await page.getByTestId("invite-email").fill(bob.email);
    await page.getByTestId("invite-role").selectOption("member");
    await page.getByTestId("invite-submit").click();
    await expect(page.getByTestId("invite-sent")).toContainText(bob.email);
    const bobRow = page.locator(`[data-testid="member-row"][data-email="${bob.email}"]`);
    await expect(bobRow).toHaveAttribute("data-status", "pending");
    await expect(bobRow).toContainText("Invitation pending");
    await screenshots(page, testInfo, "team-pending");

    // Bob opens the email's link in his own browser, signs in from it, and joins.
    const mail = await latestMail(request, bob.email);
    const link = /(https?:\/\/\S+\/invite\/[0-9a-f-]{36})/.exec(mail)?.[1];
    expect(link).toBeTruthy();
    expect(mail).toMatch(/Invitation id: [0-9a-f-]{36}/);
    const bobContext = await browser.newContext();
    const bobPage = await bobContext.newPage();
    const invitePath = new URL(link!).pathname;
    await bobPage.goto(invitePath);
    await expect(bobPage.getByRole("heading", { name: /Join Olive Owner/ })).toBeVisible();
    await expect(bobPage.getByTestId("invite-signed-out")).toBeVisible();
    await bobPage.getByTestId("invite-sign-in").click();
    await bobPage.getByTestId("login-email").fill(bob.email);
    await bobPage.getByTestId("login-password").fill(PASSWORD);
    await bobPage.getByTestId("login-submit").click();
    await bobPage.waitForURL(`**${invitePath}`);
    await bobPage.getByTestId("invite-join").click();
    await bobPage.waitForURL("**/dashboard/team");
    const switcher = bobPage.getByTestId("account-switcher");
    await expect(switcher.locator("option:checked")).toHaveText(/Olive Owner \(team, member\)/);
    await expect(bobPage.locator(`[data-testid="member-row"][data-email="${bob.email}"]`)).toHaveAttribute(
      "data-status",
      "active",
    );
    await expect(bobPage.getByTestId("invite-email")).toHaveCount(0); // a member cannot invite

    // Bob switches back to his personal account, and into the team again.
    await switcher.selectOption({ label: "Bob Builder (personal)" });
    await bobPage.waitForURL("**/dashboard");
    await expect(bobPage.getByTestId("account-switcher").locator("option:checked")).toHaveText(/personal/);
    await bobPage.getByTestId("account-switcher").selectOption({ label: "Olive Owner (team, member)" });
    await bobPage.waitForURL("**/dashboard");
    await expect(bobPage.getByTestId("account-switcher").locator("option:checked")).toHaveText(/team/);

    // Bob's agent acts for the team through the API.
    const login = await request.post(`${API}/auth/login`, { data: { email: bob.email, password: PASSWORD } });
    const bobToken = (await login.json()).data.access_token as string;
    const me = await request.get(`${API}/me`, { headers: { Authorization: `Bearer ${owner.token}` } });
    const teamUsername = (await me.json()).data.acting_account.username as string;
    const switched = await request.post(`${API}/auth/switch-account`, {
      headers: { Authorization: `Bearer ${bobToken}` },
      data: { account_username: teamUsername, device_name: "bob-agent" },
    });
    expect(switched.status()).toBe(200);
    const teamAuth = { Authorization: `Bearer ${(await switched.json()).data.token}` };

    // The owner sees Bob active and makes him a viewer: his agent's very next call says so.
    await page.reload();
    await expect(bobRow).toHaveAttribute("data-status", "active");
    await bobRow.getByTestId("member-role").selectOption("viewer");
    await expect(bobRow.getByTestId("member-role")).toHaveValue("viewer");
    await expect
      .poll(
        async () =>
          (await (await request.get(`${API}/me`, { headers: teamAuth })).json()).data.acting_account.role,
      )
      .toBe("viewer");
    const fund = await request.post(`${API}/wallet/fund`, { headers: teamAuth, data: { amount: 10 } });
    expect(fund.status()).toBe(403);
    await screenshots(page, testInfo, "team-active");

    // Removing Bob: the row goes, and his team token stops at once.
    await bobRow.getByTestId("member-remove").click();
    await bobRow.getByRole("button", { name: "Remove", exact: true }).click();
    await expect(bobRow).toHaveCount(0);
    await expect(page.getByTestId("team-empty")).toBeVisible();
    expect((await request.get(`${API}/me`, { headers: teamAuth })).status()).toBe(401);
    await bobContext.close();
  });
});
