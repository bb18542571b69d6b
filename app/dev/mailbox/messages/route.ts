// GET /dev/mailbox/messages?to=EMAIL — the local outbox as JSON, newest first (local mode and loopback clients only; 404 otherwise)
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { agentRoute } from "@/lib/http";
import { devPagesOpenTo } from "@/lib/http/dev-access";
import { methods } from "@/lib/http/methods";
import { listMailbox } from "@/lib/mail/mailbox";

const query = z.object({
  to: z.string().trim().max(254).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: agentRoute({ auth: false, limiter: "general", query }, ({ db, query, request }) => {
    if (!devPagesOpenTo(request.headers)) {
      throw new AppError("route_not_found", `No route matches GET ${new URL(request.url).pathname}.`);
    }
    return listMailbox(db, query);
  }),
});
