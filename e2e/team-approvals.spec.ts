/**
 * Issue 15's whole approval flow, with a real browser for the human: an owner invites an agent,
 * the agent accepts and switches into the team, its subscription is held for approval, the owner
 * follows the approval email's link into the dashboard inbox and approves it in Chromium, and the
 * agent's long-poll returns the subscription that was created — once.
 */
import { expect, test } from "@playwright/test";
import { latestMail, PASSWORD, signIn, verifiedAccount } from "./dashboard-support";
import { API, onboard, tokenize } from "./support/agent-api";

test("invite → accept → switch → held subscription → approved in the dashboard → the agent's long-poll returns it", async ({
  page,
  request,
}) => {
  test.setTimeout(180_000);
  const owner = await verifiedAccount(request, "Dana Owner");
  const ownerAuth = { Authorization: `Bearer ${owner.token}` };
  // The team's default card: what an approved request without a card is charged on.
  const card = await request.post(`${API}/billing/payment-methods`, {
    headers: ownerAuth,
    data: { payment_method_id: await tokenize(request, ownerAuth, "4242424242424242") },
  });
  expect(card.status()).toBe(201);

  // The agent is invited, accepts with its own token and switches into the team.
  const agent = await onboard(request, "", "team-agent");
  const invited = await request.post(`${API}/teams`, {
    headers: ownerAuth,
    data: { email: agent.email, role: "member" },
  });
  expect(invited.status()).toBe(201);
  const inviteId = (await invited.json()).data.invite_id as string;
  const accepted = await request.post(`${API}/teams/invitations/${inviteId}/accept`, { headers: agent.auth });
  expect(accepted.status()).toBe(200);
  const team = (await accepted.json()).data.team as { username: string };
  const switched = await request.post(`${API}/auth/switch-account`, {
    headers: agent.auth,
    data: { account_username: team.username, device_name: "procurement-bot" },
  });
  expect(switched.status()).toBe(200);
  const teamAuth = { Authorization: `Bearer ${(await switched.json()).data.access_token}` };

  // The member's subscription waits for an owner or admin.
  const held = await request.post(`${API}/subscriptions`, {
    headers: { ...teamAuth, "Idempotency-Key": "e2e-held-subscription" },
    data: { plan_id: 10 },
  });
  expect(held.status()).toBe(202);
  const heldBody = (await held.json()).data;
  expect(heldBody.status).toBe("pending_approval");
  const approvalId = heldBody.approval.id as string;
  expect(heldBody.approval.status_url).toMatch(new RegExp(`/approvals/${approvalId}$`));
  // A retry of the same request is the same approval, not a second one.
  const retried = await request.post(`${API}/subscriptions`, {
    headers: { ...teamAuth, "Idempotency-Key": "e2e-held-subscription" },
    data: { plan_id: 10 },
  });
  expect((await retried.json()).data.approval.id).toBe(approvalId);

  // The agent waits for the decision.
  const waiting = request.get(`${API}/approvals/${approvalId}?wait=60`, {
    headers: teamAuth,
    timeout: 90_000,
  });

  // The owner follows the email's link into the inbox and approves in Chromium.
  const mail = await latestMail(request, owner.email);
  const link = /(https?:\/\/\S+\/dashboard\/approvals\?id=[0-9a-f-]{36})/.exec(mail)?.[1];
  expect(link, "the approval email links to the inbox").toBeTruthy();
  const target = new URL(link as string);
  await signIn(page, owner.email, PASSWORD, `${target.pathname}${target.search}`);
  await expect(page.getByRole("heading", { level: 1, name: "Approvals" })).toBeVisible();
  await expect(page.getByTestId("nav-badge-approvals").first()).toContainText("1");
  const row = page.locator(`[data-approval-id="${approvalId}"]`);
  await expect(row.getByTestId("approval-summary")).toHaveText(/Subscribe to Basic Enterprise/);
  await expect(row).toContainText("procurement-bot");
  await expect(row.getByTestId("approval-cost")).toHaveText("$249.00");
  await row.getByRole("button", { name: /^Approve/ }).click();
  const decided = page.locator(`[data-testid="approvals-decided"] [data-approval-id="${approvalId}"]`);
  await expect(decided).toHaveAttribute("data-status", "executed");
  await expect(decided.getByTestId("approval-outcome")).toContainText("Ran (201)");
  await expect(page.getByTestId("approvals-empty")).toBeVisible();
  await expect(page.getByTestId("nav-badge-approvals")).toHaveCount(0);

  // The waiting agent gets the subscription the approval created.
  const polled = await waiting;
  expect(polled.status()).toBe(200);
  const approval = (await polled.json()).data;
  expect(approval.status).toBe("executed");
  expect(approval.result.http_status).toBe(201);
  expect(approval.result.data.status).toBe("active");
  expect(approval.result.data.subscription.plan_id).toBe(10);

  // Created once: the team has exactly one subscription.
  const subs = await request.get(`${API}/subscriptions`, { headers: ownerAuth });
  const list = (await subs.json()).data as Array<{ plan_id: number }>;
  expect(list.map((s) => s.plan_id)).toEqual([10]);
});
