import { expect, test } from "@playwright/test";
import { latestMail, PASSWORD, signIn, uniqueEmail, verifiedAccount } from "./dashboard-support";

test.describe("dashboard: sign-up, sign-in, sign-out, password reset", () => {
  test("sign up, verify through the local mailbox, sign in, land on the overview, sign out", async ({
    page,
  }) => {
    const email = uniqueEmail("signup");
    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sign in" }).click();
    await page.getByRole("link", { name: "Create an account" }).click();
    await page.getByTestId("signup-name").fill("Sam Newcomer");
    await page.getByTestId("signup-email").fill(email);
    await page.getByTestId("signup-password").fill(PASSWORD);
    await page.getByTestId("signup-password-confirmation").fill(PASSWORD);
    await page.getByTestId("signup-submit").click();

    await expect(page.getByTestId("signup-check-email")).toContainText(email);
    await page.getByTestId("signup-mailbox-link").click();
    await expect(page.getByRole("heading", { level: 1, name: "Local mailbox" })).toBeVisible();
    await page
      .getByRole("list", { name: "Messages, newest first" })
      .getByRole("link", { name: /\/verify\/vc_/ })
      .first()
      .click();
    // Opening the link only asks; the button verifies.
    await expect(page.getByRole("heading", { name: "Confirm your email address" })).toBeVisible();
    await page.getByRole("button", { name: "Verify my email" }).click();
    await expect(page.getByRole("heading", { name: "Email verified" })).toBeVisible();

    await signIn(page, email);
    await expect(page.getByRole("heading", { level: 1, name: "Hello, Sam Newcomer" })).toBeVisible();
    await expect(page.getByTestId("overview-balance")).toHaveText("$0.00");
    await expect(page.getByTestId("test-mode-banner")).toBeVisible();
    await expect(page.getByTestId("alert-balance")).toContainText("Your wallet is empty");

    await page.getByTestId("sign-out").click();
    await page.waitForURL("**/login?signed_out=1");
    await expect(page.getByTestId("login-notice")).toHaveText("You are signed out.");
    await page.goto("/dashboard/wallet");
    await page.waitForURL("**/login?next=%2Fdashboard%2Fwallet");
  });

  test("the code pasted from the email verifies too; unverified and wrong passwords get clear messages", async ({
    page,
    request,
  }) => {
    const email = uniqueEmail("code");
    await page.goto("/signup");
    await page.getByTestId("signup-email").fill(email);
    await page.getByTestId("signup-password").fill(PASSWORD);
    await page.getByTestId("signup-password-confirmation").fill(PASSWORD);
    await page.getByTestId("signup-submit").click();
    await expect(page.getByTestId("signup-check-email")).toBeVisible();

    // Before verifying, sign-in explains what to do (and offers a new email).
    const other = await page.context().newPage();
    await other.goto("/login");
    await other.getByTestId("login-email").fill(email);
    await other.getByTestId("login-password").fill(PASSWORD);
    await other.getByTestId("login-submit").click();
    await expect(other.getByTestId("login-error")).toContainText("Verify your email address first");
    await other.getByRole("button", { name: "Send a new verification email" }).click();
    await expect(other.getByTestId("resend-done")).toBeVisible();
    await other.getByTestId("login-password").fill("wrong-password");
    await other.getByTestId("login-submit").click();
    await expect(other.getByTestId("login-error")).toHaveText("The email or password is incorrect.");
    await other.close();

    const code = /Verification code: (\S+)/.exec(await latestMail(request, email))?.[1] ?? "";
    await page.getByTestId("verify-code").fill(code);
    await page.getByRole("button", { name: "Verify" }).click();
    await expect(page.getByTestId("signup-verified")).toContainText(email);
    await page.getByTestId("signup-verified-sign-in").click();
    await expect(page.getByTestId("login-notice")).toContainText("Your email is verified");
    await page.getByTestId("login-email").fill(email);
    await page.getByTestId("login-password").fill(PASSWORD);
    await page.getByTestId("login-submit").click();
    await page.waitForURL("**/dashboard");
  });

  test("a signed-out visit comes back to the page asked for after sign-in", async ({ page, request }) => {
    const { email } = await verifiedAccount(request);
    await page.goto("/dashboard/api-keys");
    await page.waitForURL("**/login?next=%2Fdashboard%2Fapi-keys");
    await page.getByTestId("login-email").fill(email);
    await page.getByTestId("login-password").fill(PASSWORD);
    await page.getByTestId("login-submit").click();
    await page.waitForURL("**/dashboard/api-keys");
    await expect(page.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();
  });

  test("forgot password → the emailed link → a new password; the old one and, if asked, every API key stop working", async ({
    page,
    request,
  }) => {
    const { email, apiKey } = await verifiedAccount(request);
    const generate = () =>
      request.post("/api/v6/images/text2img", {
        data: { key: apiKey, model_id: "flux", prompt: "x", width: 1024, height: 1024 },
      });
    expect((await generate()).status()).toBe(402); // a valid key, an empty wallet
    await page.goto("/login");
    await page.getByRole("link", { name: "Forgot your password?" }).click();
    await page.getByTestId("forgot-email").fill(email);
    await page.getByTestId("forgot-submit").click();
    await expect(page.getByTestId("forgot-done")).toContainText(email);

    const link = /Reset your password: (\S+)/.exec(await latestMail(request, email))?.[1] ?? "";
    expect(link).toContain("/reset-password?token=");
    await page.goto(link);
    await expect(page.getByText(`For ${email}`)).toBeVisible();
    await expect(page).toHaveURL(/\/reset-password$/); // the token is wiped from the address bar
    await page.getByTestId("reset-password").fill("a-brand-new-password");
    await page.getByTestId("reset-password-confirmation").fill("a-brand-new-password");
    await page.getByTestId("reset-revoke-api-keys").check();
    await page.getByTestId("reset-submit").click();
    await page.waitForURL("**/login?reset=1");
    await expect(page.getByTestId("login-notice")).toContainText("Your password was changed");
    expect((await generate()).status()).toBe(401);

    await page.getByTestId("login-email").fill(email);
    await page.getByTestId("login-password").fill(PASSWORD);
    await page.getByTestId("login-submit").click();
    await expect(page.getByTestId("login-error")).toHaveText("The email or password is incorrect.");
    await signIn(page, email, "a-brand-new-password");
  });

  test("changing the password in settings keeps this browser signed in and signs the other one out", async ({
    page,
    browser,
    request,
  }) => {
    const { email } = await verifiedAccount(request);
    const elsewhere = await browser.newContext();
    const other = await elsewhere.newPage();
    await signIn(other, email);
    await signIn(page, email, undefined, "/dashboard/settings");

    const form = page.locator("#password");
    await form.getByLabel("Current password").fill(PASSWORD);
    await form.getByLabel("New password", { exact: true }).fill("changed-password-1");
    await form.getByLabel("Confirm the new password").fill("changed-password-1");
    await form.getByRole("button", { name: "Change password" }).click();
    await expect(form.getByText("Password changed.")).toBeVisible();

    await page.goto("/dashboard/api-keys");
    await expect(page.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();
    await other.goto("/dashboard/api-keys");
    await other.waitForURL("**/login?next=%2Fdashboard%2Fapi-keys");
    await elsewhere.close();
  });
});
