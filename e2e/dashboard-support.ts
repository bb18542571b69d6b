/**
 * Shared steps of the dashboard specs: a verified account made through the API (fast), signing in
 * through the real /login form, typing a card into the emulator's Elements iframe, screenshots.
 */
import { randomBytes } from "node:crypto";
import { type APIRequestContext, expect, type Page, type TestInfo } from "@playwright/test";

export const API = "/api/agents/v1";
export const PASSWORD = "secret123";
export const EMULATOR = `http://127.0.0.1:${process.env.E2E_EMULATOR_PORT ?? 12310}`;

export const uniqueEmail = (prefix = "person") => `${prefix}-${randomBytes(5).toString("hex")}@example.com`;

export async function latestMail(request: APIRequestContext, email: string): Promise<string> {
  const res = await request.get(`/dev/mailbox/messages?to=${encodeURIComponent(email)}`);
  expect(res.status()).toBe(200);
  return ((await res.json()).data[0]?.text ?? "") as string;
}

/** Signup and verification through the API, as an agent would: the person then signs in. */
export async function verifiedAccount(request: APIRequestContext, name = "Dana Owner") {
  const email = uniqueEmail();
  const signup = await request.post(`${API}/auth/signup`, { data: { email, password: PASSWORD, name } });
  expect(signup.status()).toBe(201);
  const code = /Verification code: (\S+)/.exec(await latestMail(request, email))?.[1];
  expect(code).toBeTruthy();
  const verified = await request.post(`${API}/auth/verify-email`, { data: { verification_code: code } });
  expect(verified.status()).toBe(200);
  const data = (await verified.json()).data;
  return { email, name, token: data.access_token as string, apiKey: data.api_key as string };
}

export async function signIn(page: Page, email: string, password = PASSWORD, next?: string) {
  await page.goto(next ? `/login?next=${encodeURIComponent(next)}` : "/login");
  await page.getByTestId("login-email").fill(email);
  await page.getByTestId("login-password").fill(password);
  await page.getByTestId("login-submit").click();
  await page.waitForURL(next ? `**${next}` : "**/dashboard");
}

/** Types a test card into the Card Element (an iframe served by the Stripe emulator). */
export async function fillCard(page: Page, container: string, number: string) {
  const frame = page.locator(`[data-testid="${container}"] iframe`).contentFrame();
  await frame.getByTestId("card-number").fill(number);
  await frame.getByTestId("card-expiry").fill("12 / 34");
  await frame.getByTestId("card-cvc").fill("123");
  await frame.getByTestId("card-postal").fill("94103");
}

/** The 3-D Secure challenge the stand-in opens over the page. */
export function challenge(page: Page) {
  return page.locator('[data-testid="stripe-3ds-frame"]').contentFrame();
}

/** Full-page screenshots at desktop and phone widths, attached to the test's report. */
export async function screenshots(page: Page, testInfo: TestInfo, name: string) {
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: width === 375 ? 812 : 900 });
    // Let layout settle (charts, iframes resizing) before the shot.
    await page.waitForLoadState("networkidle");
    // Written into the test's output folder (kept as an artifact) and attached to the report.
    const file = testInfo.outputPath(`${name}-${width}.png`);
    await page.screenshot({ fullPage: true, path: file });
    await testInfo.attach(`${name}-${width}`, { path: file, contentType: "image/png" });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}
