// POST /api/agents/v1/auth/switch-account — a token acting for a team the user belongs to (or, with neither id, the personal account)

import { agentRoute } from "@/lib/http";
import { methods } from "@/lib/http/methods";
import { switchedAccount } from "@/lib/http/present/schemas/teams";
import { presentSwitched } from "@/lib/http/present/teams";
import { switchAccountBody } from "@/lib/teams/schemas";
import { switchAccount } from "@/lib/teams/switch-account";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: agentRoute(
    {
      auth: true,
      limiter: "general",
      scope: "tokens:write",
      body: switchAccountBody,
      response: switchedAccount,
      errors: ["not_found"],
    },
    async ({ db, principal, body }) =>
      presentSwitched(
        await switchAccount(db, {
          principal,
          teamMemberId: body.team_member_id,
          accountUsername: body.account_username,
          deviceName: body.deviceName,
          expiry: body.tokenExpiry,
          scopes: body.scopes,
        }),
      ),
  ),
});
