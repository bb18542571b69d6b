import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { challenge, fillCard, signIn, verifiedAccount } from "./dashboard-support";

test.describe("dashboard: cards and wallet through Stripe Elements", () => {
  test("add a card through Elements, fund $25 with it, see the balance, the transaction and the CSV", async ({
    page,
    request,
  }) => {
    const { email } = await verifiedAccount(request);
    await signIn(page, email, undefined, "/dashboard/payment-methods");
    await expect(page.getByTestId("cards-empty")).toBeVisible();
    await fillCard(page, "add-card-element", "4242 4242 4242 4242");
    await page.getByTestId("add-card-submit").click();
    await expect(page.getByTestId("add-card-result")).toHaveText(
      "Saved visa •••• 4242 as your default card.",
    );
    await expect(page.getByTestId("card-row")).toHaveCount(1);
    await expect(page.getByTestId("card-row")).toContainText("Default");

    await page.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: "Wallet" }).click();
    await expect(page.getByTestId("wallet-balance")).toHaveText("$0.00");
    await expect(page.getByRole("radio", { name: /visa •••• 4242/i })).toBeChecked();
    await page.getByRole("button", { name: "$25.00", exact: true }).click();
    await page.getByTestId("fund-submit").click();
    await expect(page.getByTestId("fund-result")).toHaveText("Added $25.00. Your balance is $25.00.");
    await expect(page.getByTestId("wallet-balance")).toHaveText("$25.00");
    const row = page.getByTestId("transaction-row").first();
    await expect(row).toContainText("Card payment");
    await expect(row).toContainText("+$25.00");
    await expect(row).toContainText("by you");

    const download = page.waitForEvent("download");
    await page.getByTestId("transactions-csv").click();
    const csv = readFileSync((await (await download).path())!, "utf8");
    expect(csv.split("\r\n")[0]).toBe(
      "date,id,type,kind,description,amount_usd,balance_after_usd,currency,actor,source,reference",
    );
    expect(csv).toMatch(/,credit,fund,Wallet funding,25\.00,25\.00,USD,human,stripe,pi_/);

    await page.getByTestId("transactions-type").selectOption("debit");
    await expect(page.getByTestId("transactions-empty")).toBeVisible();

    await page.goto("/dashboard");
    await expect(page.getByTestId("overview-balance")).toHaveText("$25.00");
    await expect(page.getByTestId("recent-transactions")).toContainText("+$25.00");
  });

  test("a declined new card shows the bank's message and moves no money", async ({ page, request }) => {
    const { email } = await verifiedAccount(request);
    await signIn(page, email, undefined, "/dashboard/wallet");
    await expect(page.getByTestId("fund-new-card")).toBeChecked();
    await fillCard(page, "fund-card", "4000 0000 0000 0002");
    await page.getByTestId("fund-submit").click();
    await expect(page.getByTestId("fund-error")).toHaveText("Your card was declined.");
    await expect(page.getByTestId("wallet-balance")).toHaveText("$0.00");
    await expect(page.getByTestId("payment-attempts")).toContainText("Failed");

    await fillCard(page, "fund-card", "4000 0000 0000 9995");
    await page.getByTestId("fund-submit").click();
    await expect(page.getByTestId("fund-error")).toHaveText("Your card has insufficient funds.");
    await expect(page.getByTestId("transactions-empty")).toBeVisible();
  });

  test("a 3-D Secure card completes through the challenge in the page", async ({ page, request }) => {
    const { email } = await verifiedAccount(request);
    await signIn(page, email, undefined, "/dashboard/wallet");
    await page.getByTestId("fund-amount").fill("40");
    await fillCard(page, "fund-card", "4000 0025 0000 3155");
    await page.getByTestId("fund-submit").click();
    await expect(challenge(page).getByText("3D Secure 2 Test Page")).toBeVisible();
    await challenge(page).getByTestId("3ds-complete").click();
    await expect(page.getByTestId("fund-result")).toHaveText(
      "Authenticated and added $40.00. Your balance is $40.00.",
    );
    await expect(page.getByTestId("wallet-balance")).toHaveText("$40.00");
    await expect(page.getByTestId("transaction-row").first()).toContainText("+$40.00");
  });

  test("a failed 3-D Secure challenge says so and credits nothing", async ({ page, request }) => {
    const { email } = await verifiedAccount(request);
    await signIn(page, email, undefined, "/dashboard/wallet");
    await fillCard(page, "fund-card", "4000 0027 6000 3184");
    await page.getByTestId("fund-submit").click();
    await challenge(page).getByTestId("3ds-fail").click();
    await expect(page.getByTestId("fund-error")).toContainText("unable to authenticate your payment method");
    await expect(page.getByTestId("wallet-balance")).toHaveText("$0.00");
  });
});
