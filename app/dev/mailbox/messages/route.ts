// GET /dev/mailbox/messages?to=EMAIL — the local outbox as JSON, newest first (local mode and loopback clients only; 404 otherwise)
import { z } from "zod";
import { agentPlan } from "@/lib/http/agent-route";
import { localClient } from "@/lib/http/authenticate";
import { door } from "@/lib/http/door";
import { methods } from "@/lib/http/methods";
import { envelope } from "@/lib/http/outputs/envelope";
import { listMailbox } from "@/lib/mail/mailbox";

const query = z.object({
  to: z.string().trim().max(254).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: door(
    { ...agentPlan({ auth: false, limiter: "general", query }), auth: localClient(), output: envelope() },
    ({ db, query }) => listMailbox(db, query),
  ),
});
