// One "instance" of the crash-recovery run (scripts/crash/run.ts): the app's own route handlers,
// called in this process exactly as Next calls them, on the run's PostgreSQL database and emulator.
// Reads one JSON command per stdin line, answers one JSON line each on stdout. The parent arms
// ONRAMP_FAULT_POINTS in the instance that is to die; the process then ends by SIGKILL mid-request.
import { createInterface } from "node:readline";
import * as linkRoute from "../../app/api/agents/v1/billing/payment-link/route.ts";
import * as fundRoute from "../../app/api/agents/v1/wallet/fund/route.ts";
import * as webhookRoute from "../../app/api/stripe/webhook/route.ts";
import { onboardAgent } from "../../tests/helpers/agent.ts";
import { call } from "../../tests/helpers/http.ts";

type Command =
  | { id: number; op: "onboard" }
  | { id: number; op: "fund"; auth: Record<string, string>; key: string; body: unknown }
  | { id: number; op: "link"; auth: Record<string, string>; body: unknown }
  | { id: number; op: "webhook"; payload: string; signature: string };

async function run(command: Command): Promise<unknown> {
  switch (command.op) {
    case "onboard":
      return onboardAgent({ ip: "127.0.0.1" });
    case "fund":
      return call(fundRoute.POST, "/api/agents/v1/wallet/fund", {
        method: "POST",
        body: command.body,
        headers: { ...command.auth, "idempotency-key": command.key },
      });
    case "link":
      return call(linkRoute.POST, "/api/agents/v1/billing/payment-link", {
        method: "POST",
        body: command.body,
        headers: command.auth,
      });
    case "webhook":
      return call(webhookRoute.POST, "/api/stripe/webhook", {
        method: "POST",
        rawBody: command.payload,
        headers: { "content-type": "application/json", "stripe-signature": command.signature },
      });
  }
}

const lines = createInterface({ input: process.stdin });
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
lines.on("line", (line) => {
  const command = JSON.parse(line) as Command;
  run(command).then(
    (result) => process.stdout.write(`${JSON.stringify({ id: command.id, result })}\n`),
    (error: unknown) => process.stdout.write(`${JSON.stringify({ id: command.id, error: String(error) })}\n`),
  );
});
lines.on("close", () => process.exit(0));
