/**
 * Who is acting in the current request, for the audit trail. The door core opens a context around
 * every handler (lib/http/door.ts), so a domain function records an entry without threading the
 * request through its signature; work outside a request (webhooks, the reconciler, renewals) runs
 * with no context and is recorded as `system`.
 */
import { AsyncLocalStorage } from "node:async_hooks";

export type ActorKind = "agent" | "human" | "system";

export interface AuditActor {
  kind: ActorKind;
  userId?: string | null;
  /** The agent's token (device) name or API key name; empty for people and the system. */
  label?: string | null;
}

export interface AuditContext {
  actor: AuditActor;
  requestId?: string;
  ip?: string;
  /**
   * Set by a door that serves people who are not signed in yet (sign-up, verify, login, password
   * reset): who such a request is, once the domain knows the user (`recordAudit`'s `onBehalfOf`).
   * Absent for webhooks and other machine doors, which stay `system`.
   */
  signedOut?: "agent" | "human";
}

const storage = new AsyncLocalStorage<AuditContext>();

export function runWithAuditContext<T>(context: AuditContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** The acting request's context; a `system` actor outside any request. */
export function currentAuditContext(): AuditContext {
  return storage.getStore() ?? { actor: { kind: "system" } };
}
