/** The audit log's wire shape (GET /audit-events; the dashboard's CSV uses the same fields). */
import type { AuditEvent } from "@/lib/audit/audit-log";
import type { AuditEventsPage } from "@/lib/audit/queries";

export function presentAuditEvent(event: AuditEvent) {
  return {
    id: event.id,
    action: event.action,
    actor: {
      kind: event.actorKind,
      user_id: event.actorUserId,
      /** The agent's token (device) or API key name. */
      name: event.actorLabel,
    },
    account_id: event.accountId,
    target: event.targetType ? { type: event.targetType, id: event.targetId } : null,
    data: event.data,
    request_id: event.requestId,
    ip: event.ip,
    created_at: event.createdAt.toISOString(),
  };
}

export function presentAuditEventsPage(page: AuditEventsPage) {
  return {
    items: page.events.map(presentAuditEvent),
    count: page.events.length,
    limit: page.limit,
    next_cursor: page.nextCursor,
  };
}
