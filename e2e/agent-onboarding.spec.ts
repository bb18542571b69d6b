import { randomBytes } from "node:crypto";
import { type APIRequestContext, expect, test } from "@playwright/test";

const API = "/api/agents/v1";

async function latestCode(request: APIRequestContext, email: string): Promise<string> {
  const res = await request.get(`/dev/mailbox/messages?to=${encodeURIComponent(email)}`);
  expect(res.status()).toBe(200);
  const { data } = await res.json();
  const code = /^Verification code: (vc_[a-z2-7]{26})$/m.exec(data[0]?.text ?? "")?.[1];
  expect(code, "the verification email carries the code line").toBeTruthy();
  return code!;
}

test.describe("agent onboarding (seed steps 1–2) against the running app", () => {
  test("signup → code from the mailbox → verify → GET /me → logout → 401", async ({ request }) => {
    const email = `seed-${randomBytes(5).toString("hex")}@example.com`;

    const signup = await request.post(`${API}/auth/signup`, {
      data: { email, password: "secret123", name: "Agent Runner" },
    });
    expect(signup.status()).toBe(201);
    expect((await signup.json()).data.user).toEqual({ name: "Agent Runner", email, verified: false });

    const verify = await request.post(`${API}/auth/verify-email`, {
      data: { verification_code: await latestCode(request, email) },
    });
    expect(verify.status()).toBe(200);
    const session = (await verify.json()).data;
    expect(session.access_token).toMatch(/^\d+\|onr_at_/);
    expect(session.api_key).toMatch(/^onr_ak_/);
    expect(session.token_type).toBe("Bearer");
    expect(session.user).toMatchObject({ email, verified: true });

    const auth = { Authorization: `Bearer ${session.access_token}` };
    const me = await request.get(`${API}/me`, { headers: auth });
    expect(me.status()).toBe(200);
    expect((await me.json()).data).toMatchObject({ id: session.user.id, email, wallet_balance: 0 });
    expect(me.headers()["x-ratelimit-remaining"]).toBeTruthy();

    const logout = await request.post(`${API}/auth/logout`, { headers: auth });
    expect(logout.status()).toBe(200);
    const after = await request.get(`${API}/me`, { headers: auth });
    expect(after.status()).toBe(401);
    expect((await after.json()).error.code).toBe("unauthenticated");
  });

  test("the mailbox page and the /verify link render in a browser", async ({ page, request }) => {
    const email = `browser-${randomBytes(5).toString("hex")}@example.com`;
    expect(
      (
        await request.post(`${API}/auth/signup`, {
          data: { email, password: "secret123", name: "Browser Bot" },
        })
      ).status(),
    ).toBe(201);
    const code = await latestCode(request, email);

    await page.goto(`/dev/mailbox?to=${encodeURIComponent(email)}`);
    await expect(page.getByRole("heading", { level: 1, name: "Local mailbox" })).toBeVisible();
    const messages = page.getByRole("list", { name: "Messages, newest first" });
    await expect(messages.getByText("Verify your email for Onramp")).toBeVisible();
    const link = messages.getByRole("link", {
      name: `http://127.0.0.1:${new URL(page.url()).port}/verify/${code}`,
    });
    await expect(link).toBeVisible();

    await link.click();
    // A GET never verifies (mail scanners follow links): the page asks, its button POSTs.
    await expect(page.getByRole("heading", { name: "Confirm your email address" })).toBeVisible();
    await expect(page.getByText(email)).toBeVisible();
    const early = await request.post(`${API}/auth/login`, { data: { email, password: "secret123" } });
    expect((await early.json()).error.code).toBe("email_not_verified");
    const button = page.getByRole("button", { name: "Verify my email" });
    // Styled, so the Content-Security-Policy's style hash matches the page's one style block.
    await expect(button).toHaveCSS("background-color", "rgb(15, 118, 110)");
    await button.click();
    await expect(page.getByRole("heading", { name: "Email verified" })).toBeVisible();
    await expect(page.getByText(email)).toBeVisible();

    // A used link says so clearly.
    await page.goto(`/verify/${code}`);
    await expect(page.getByRole("heading", { name: "This link was already used" })).toBeVisible();
    await page.goto("/verify/vc_not-a-real-code");
    await expect(page.getByRole("heading", { name: "This link is not valid" })).toBeVisible();

    // Verified through the browser, the agent signs in and gets its default API key from login.
    const login = await request.post(`${API}/auth/login`, { data: { email, password: "secret123" } });
    expect(login.status()).toBe(200);
    expect((await login.json()).data.api_key).toMatch(/^onr_ak_/);
  });
});
