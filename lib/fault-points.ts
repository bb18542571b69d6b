/**
 * Named crash points for the crash-recovery tests (reliability.md §10.3). `ONRAMP_FAULT_POINTS`
 * arms some (`fund.after_stripe_confirm` or `…:throw`); lib/env.ts leaves them all disarmed unless
 * Stripe is the local emulator, so a production server (a real Stripe key) never stops here.
 * `exit` ends the process at once, as kill -9 would: no finally blocks, no response, no cleanup.
 */
import { env } from "@/lib/env";

export const FAULT_POINTS = [
  "fund.after_idempotency_insert",
  "fund.after_stripe_confirm",
  "fund.after_ledger_commit",
  "door.after_response_stored",
  "fulfil.after_stripe_read",
  "fulfil.after_ledger_commit",
  "webhook.after_inbox_insert",
  "webhook.after_ledger_write",
] as const;
export type FaultPoint = (typeof FAULT_POINTS)[number];

export class InjectedFault extends Error {
  override name = "InjectedFault";
}

export function faultPoint(name: FaultPoint): void {
  const action = env().faultPoints[name];
  if (!action) return;
  if (action === "throw") throw new InjectedFault(`fault point ${name}`);
  process.stderr.write(`[onramp] fault point ${name}: exiting\n`);
  process.kill(process.pid, "SIGKILL");
}
