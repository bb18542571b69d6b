import { expect, test } from "@playwright/test";
import { challenge, fillCard, signIn, verifiedAccount } from "./dashboard-support";

test.describe("dashboard: plans and invoices", () => {
  test("subscribe with a new card, see the proration, change plan, cancel, then find the invoices", async ({
    page,
    request,
  }) => {
    const { email } = await verifiedAccount(request);
    await signIn(page, email, undefined, "/dashboard/plans");
    await expect(page.getByTestId("no-plan")).toBeVisible();

    await page.getByTestId("plan-1-choose").click();
    await expect(page.getByRole("heading", { name: "Subscribe to Basic" })).toBeVisible();
    await fillCard(page, "subscribe-card", "4242 4242 4242 4242");
    await page.getByTestId("subscribe-confirm").click();
    await expect(page.getByTestId("plan-result")).toContainText("Subscribed to Basic");
    await expect(page.getByTestId("subscription-plan")).toHaveText("Basic");
    await expect(page.getByTestId("plan-1")).toContainText("Current plan");

    await page.getByTestId("plan-2-choose").click();
    await expect(page.getByTestId("proration")).toContainText("is charged now to your default card");
    await expect(page.getByTestId("proration-due")).toHaveText(/^\$(19|20)\.\d\d$/);
    await page.getByTestId("change-confirm").click();
    await expect(page.getByTestId("plan-result")).toContainText("Changed from Basic to Standard");
    await expect(page.getByTestId("subscription-plan")).toHaveText("Standard");

    await page.getByTestId("subscription-cancel").click();
    await page.getByRole("button", { name: "Cancel plan", exact: true }).click();
    await expect(page.getByTestId("subscription-result")).toContainText(
      "Set to cancel at the end of the period",
    );
    await expect(page.getByTestId("subscription")).toContainText("Cancels");
    await expect(page.getByTestId("subscription-resume")).toHaveText("Keep the plan");

    await page.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: "Invoices" }).click();
    await expect(page.getByTestId("invoice-row")).toHaveCount(2);
    const pdf = await page.request.get((await page.getByTestId("invoice-pdf").first().getAttribute("href"))!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()["content-type"]).toContain("application/pdf");
  });

  test("a declined card shows the decline; a 3-D Secure card subscribes through the challenge", async ({
    page,
    request,
  }) => {
    const { email } = await verifiedAccount(request);
    await signIn(page, email, undefined, "/dashboard/plans");
    await page.getByTestId("plan-1-choose").click();
    await fillCard(page, "subscribe-card", "4000 0000 0000 0002");
    await page.getByTestId("subscribe-confirm").click();
    await expect(page.getByTestId("subscribe-error")).toHaveText("Your card was declined.");
    await expect(page.getByTestId("no-plan")).toBeVisible();

    await fillCard(page, "subscribe-card", "4000 0025 0000 3155");
    await page.getByTestId("subscribe-confirm").click();
    await challenge(page).getByTestId("3ds-complete").click();
    await expect(page.getByTestId("plan-result")).toContainText("Subscribed to Basic");
    await expect(page.getByTestId("subscription")).toContainText("Active");
  });
});
