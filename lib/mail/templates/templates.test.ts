import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { test } from "node:test";
import { disputeClosedEmail, disputeOpenedEmail } from "./disputes";
import { passwordChangedEmail } from "./password-changed";
import { passwordResetEmail } from "./password-reset";
import { signupAttemptEmail } from "./signup-attempt";
import { verificationEmail } from "./verification";

const appUrl = "https://onramp.example";

test("every template has a subject, a text part and a self-contained HTML part", () => {
  for (const mail of [
    verificationEmail({ appUrl, name: "Agent", code: "vc_abc" }),
    passwordResetEmail({ appUrl, email: "a+b@x.io", token: "tok" }),
    signupAttemptEmail({ appUrl }),
    passwordChangedEmail({ appUrl, how: "reset", revokedTokens: 3 }),
    passwordChangedEmail({ appUrl, how: "change", revokedTokens: 0 }),
    disputeOpenedEmail({ appUrl, amount: "$30.00", held: "$5.00", owed: "$25.00", payment: "pi_1" }),
    disputeOpenedEmail({ appUrl, amount: "$30.00", held: "$30.00", owed: null, payment: "pi_1" }),
    disputeClosedEmail({ appUrl, amount: "$30.00", won: true, owed: null }),
    disputeClosedEmail({ appUrl, amount: "$30.00", won: false, owed: "$5.00" }),
  ]) {
    assert.ok(mail.subject.length > 5);
    assert.ok(mail.text.length > 40);
    assert.match(mail.html, /^<!doctype html>/);
    assert.doesNotMatch(mail.html, /<script|<link|src=/);
  }
});

test("verification: the code line agents parse, and the /verify link", () => {
  const mail = verificationEmail({ appUrl, name: "Agent", code: "vc_abcdefghijklmnopqrstuvwxyz" });
  assert.match(mail.text, /^Verification code: vc_abcdefghijklmnopqrstuvwxyz$/m);
  assert.ok(mail.text.includes("https://onramp.example/verify/vc_abcdefghijklmnopqrstuvwxyz"));
  assert.ok(mail.html.includes('href="https://onramp.example/verify/vc_abcdefghijklmnopqrstuvwxyz"'));
  // The link opens a confirm page; the mail must not promise that opening it verifies.
  assert.match(mail.text, /press "Verify my email"/);
  assert.doesNotMatch(mail.text, /neither password|fresh code/);
  const contested = verificationEmail({
    appUrl,
    name: "Agent",
    code: "vc_x",
    repeatedSignup: "other-password",
  });
  assert.match(contested.text, /verifying it keeps neither password/);
  assert.ok(contested.text.includes("https://onramp.example/forgot-password"));
  assert.match(contested.html, /keeps neither password/);
  const double = verificationEmail({ appUrl, name: "Agent", code: "vc_x", repeatedSignup: "same-password" });
  assert.match(double.text, /fresh code/);
  assert.doesNotMatch(double.text, /neither password/);
});

test("reset: link with token and email, encoded", () => {
  const mail = passwordResetEmail({ appUrl, email: "a+b@x.io", token: "t-_1" });
  assert.ok(mail.text.includes("https://onramp.example/reset-password?token=t-_1&email=a%2Bb%40x.io"));
  assert.match(mail.text, /^Reset token: t-_1$/m);
});

test("user-supplied text is escaped in HTML", () => {
  const mail = verificationEmail({ appUrl, name: '<img src=x onerror="alert(1)">', code: "vc_x" });
  assert.ok(!mail.html.includes("<img"));
  assert.ok(mail.html.includes("&lt;img"));
});

test("the team invitation: the accept link, the invite id for agents, the API call; HTML escapes the team name", async () => {
  const { invitationEmail } = await import("./invitation");
  const inviteId = "0b0c6a8e-2f4b-4c1e-9d6a-6b7f3c2a1e00";
  const mail = invitationEmail({
    appUrl,
    teamName: "<Acme & Co>",
    inviterName: "Olive",
    role: "member",
    inviteId,
    email: "bob@example.com",
    expiresAt: new Date("2030-01-08T00:00:00Z"),
  });
  assert.match(mail.text, new RegExp(`^Invitation id: ${inviteId}$`, "m"));
  assert.ok(mail.text.includes(`${appUrl}/invite/${inviteId}`));
  assert.ok(mail.text.includes(`POST ${appUrl}/api/agents/v1/teams/invitations/${inviteId}/accept`));
  assert.match(mail.text, /valid until 2030-01-08/);
  assert.ok(mail.html.includes("&lt;Acme &amp; Co&gt;"));
  assert.doesNotMatch(mail.html, /<Acme/);
  assert.match(mail.html, /^<!doctype html>/);
});
