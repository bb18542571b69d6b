/**
 * Waking whoever waits on an approval, on any instance: a message on the approval's channel (the
 * notifier relays it through Redis or PostgreSQL). Waiters re-read the row; the message is a hint.
 */
import { notifier } from "@/lib/pubsub/notifier";

export const approvalChannel = (id: string) => `approval:${id}`;

export async function wakeApprovalWaiters(id: string): Promise<void> {
  await notifier()
    .publish(approvalChannel(id), "changed")
    .catch(() => {});
}
