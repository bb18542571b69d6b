// GET /api/agents/v1/changelog — what changed in the agents API, newest first, with the deprecation policy (no token needed)
import { z } from "zod";
import { agentRoute, reply } from "@/lib/http";
import { CHANGELOG, changelogEntry, DEPRECATION_POLICY } from "@/lib/http/changelog";
import { methods } from "@/lib/http/methods";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: agentRoute({ auth: false, limiter: "general", response: z.array(changelogEntry) }, () =>
    reply(CHANGELOG, 200, {}, { deprecation_policy: DEPRECATION_POLICY }),
  ),
});
