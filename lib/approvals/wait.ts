/**
 * GET /approvals/{id}?wait=N and its event stream: hold the request until the approval settles.
 * The waiter subscribes to the approval's channel, checks, then sleeps; a decision or a run on any
 * instance wakes it (lib/pubsub). The row is re-read every couple of seconds as well, which costs
 * one primary-key read and bounds the delay when a wake-up is lost; the expiry time wakes it too.
 */
import type { Db } from "@/lib/db/client";
import { waitForMessage } from "@/lib/pubsub/notifier";
import { collectApproval, type Decided, type Executor } from "./decide";
import { type Approval, reloadApproval, type Viewer, viewApproval } from "./requests";
import { approvalChannel } from "./wake";

/** The safety-net re-read when no wake-up arrives. */
const RECHECK_MS = 2_000;
/** How long one round of a watch waits before it reports that nothing changed. */
const WATCH_ROUND_MS = 15_000;

/** Nothing more will happen without the requester: decided and run, refused, or timed out. */
export const settled = (a: Approval) =>
  a.status === "executed" ||
  a.status === "rejected" ||
  a.status === "expired" ||
  (a.status === "approved" && a.kind === "api_key");

async function waitForChange(
  db: Db,
  approval: Approval,
  deadline: number,
  signal: AbortSignal | undefined,
): Promise<Approval> {
  const from = approval.status;
  let current = approval;
  while (Date.now() < deadline && !signal?.aborted) {
    const untilExpiry =
      current.status === "pending" ? current.expiresAt.getTime() - Date.now() + 50 : Infinity;
    await waitForMessage(
      approvalChannel(approval.id),
      Math.max(0, Math.min(RECHECK_MS, deadline - Date.now(), untilExpiry)),
      async () => (await reloadApproval(db, approval.id)).status !== from,
      signal,
    );
    current = await reloadApproval(db, approval.id);
    if (current.status !== from) break;
  }
  return current;
}

/** The approval after waiting up to `waitSec` for it to settle (the requester collects a key). */
export async function approvalStatus(
  db: Db,
  input: { viewer: Viewer; id: string; waitSec: number; signal?: AbortSignal; execute: Executor },
): Promise<Decided> {
  let approval = await viewApproval(db, input.viewer, input.id);
  const deadline = Date.now() + input.waitSec * 1000;
  while (!settled(approval) && Date.now() < deadline && !input.signal?.aborted) {
    approval = await waitForChange(db, approval, deadline, input.signal);
  }
  return collectApproval(db, input.viewer, approval, input.execute);
}

export type ApprovalWatchEvent =
  | { kind: "status"; decided: Decided }
  | { kind: "unchanged" }
  | { kind: "end"; status: Approval["status"] };

/**
 * Follows an approval until it settles, `maxSec` passes or `signal` aborts (streamed as
 * Server-Sent Events). Visibility is checked before this returns, so a foreign id is a plain 404.
 */
export async function watchApproval(
  db: Db,
  input: { viewer: Viewer; id: string; maxSec: number; signal: AbortSignal; execute: Executor },
): Promise<AsyncGenerator<ApprovalWatchEvent, void, undefined>> {
  const first = await viewApproval(db, input.viewer, input.id);
  const deadline = Date.now() + input.maxSec * 1000;
  return (async function* () {
    let approval = first;
    yield { kind: "status", decided: await collectApproval(db, input.viewer, approval, input.execute) };
    while (!settled(approval) && Date.now() < deadline && !input.signal.aborted) {
      const round = Math.min(deadline, Date.now() + WATCH_ROUND_MS);
      const next = await waitForChange(db, approval, round, input.signal);
      if (next.status !== approval.status) {
        const decided = await collectApproval(db, input.viewer, next, input.execute);
        yield { kind: "status", decided };
        approval = decided.approval;
      } else {
        yield { kind: "unchanged" };
      }
    }
    yield { kind: "end", status: approval.status };
  })();
}
