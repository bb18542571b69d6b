/** Response schema of GET /audit-events (presenter: ../audit.ts). */
import { z } from "zod";
import { isoDate } from "./common";

export const auditEvent = z.object({
  id: z.string(),
  action: z.string(),
  actor: z.object({
    kind: z.enum(["agent", "human", "system"]),
    user_id: z.string().nullable(),
    name: z.string().nullable().describe("The agent's token (device) or API key name."),
  }),
  account_id: z.string().nullable(),
  target: z.object({ type: z.string(), id: z.string().nullable() }).nullable(),
  data: z.unknown(),
  request_id: z.string().nullable(),
  ip: z.string().nullable(),
  created_at: isoDate,
});

export const auditEventsPage = z.object({
  items: z.array(auditEvent),
  count: z.number().int(),
  limit: z.number().int(),
  next_cursor: z.string().nullable(),
});
