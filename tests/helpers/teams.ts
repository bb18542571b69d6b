/**
 * Drives /teams* and /auth/switch-account as agents do: invite, read the invitation mail, accept
 * with the invitee's own token, switch into the team.
 */
import * as switchRoute from "@/app/api/agents/v1/auth/switch-account/route";
import { type Agent, bearer, mailbox, onboard, send } from "@/app/api/agents/v1/auth/test-support";
import * as resendRoute from "@/app/api/agents/v1/teams/[id]/resend-invite/route";
import * as memberRoute from "@/app/api/agents/v1/teams/[id]/route";
import * as acceptRoute from "@/app/api/agents/v1/teams/invitations/[id]/accept/route";
import * as teamsRoute from "@/app/api/agents/v1/teams/route";

const base = "/api/agents/v1";

export const listTeam = (token: string) => send(teamsRoute.GET, `${base}/teams`, { headers: bearer(token) });

export const invite = (token: string, body: unknown) =>
  send(teamsRoute.POST, `${base}/teams`, { method: "POST", headers: bearer(token), body });

const memberHandlers = { GET: memberRoute.GET, PUT: memberRoute.PUT, DELETE: memberRoute.DELETE };
export const onMember = (
  method: "GET" | "PUT" | "DELETE",
  token: string,
  id: number | string,
  body?: unknown,
) =>
  send(memberHandlers[method], `${base}/teams/${id}`, {
    method,
    headers: bearer(token),
    params: { id: String(id) },
    ...(body === undefined ? {} : { body }),
  });

export const resend = (token: string, id: number | string) =>
  send(resendRoute.POST, `${base}/teams/${id}/resend-invite`, {
    method: "POST",
    headers: bearer(token),
    params: { id: String(id) },
  });

export const accept = (token: string, inviteId: string) =>
  send(acceptRoute.POST, `${base}/teams/invitations/${inviteId}/accept`, {
    method: "POST",
    headers: bearer(token),
    params: { id: inviteId },
  });

export const switchAccount = (token: string, body: unknown = {}) =>
  send(switchRoute.POST, `${base}/auth/switch-account`, { method: "POST", headers: bearer(token), body });

/** The newest invitation mailed to `to`: its id (for agents) and its link (for people). */
export async function latestInvitation(
  to: string,
): Promise<{ inviteId: string; link: string; text: string }> {
  for (const message of await mailbox(to)) {
    const inviteId = /^Invitation id: ([0-9a-f-]{36})$/m.exec(message.text)?.[1];
    const link = /(https?:\/\/\S+\/invite\/[0-9a-f-]{36})/.exec(message.text)?.[1];
    if (inviteId && link) return { inviteId, link, text: message.text };
  }
  throw new Error(`no invitation mailed to ${to}`);
}

export interface TeamMemberAgent extends Agent {
  memberId: number;
  /** A token acting for the team (from switch-account). */
  teamToken: string;
}

/** Invites a new agent into `owner`'s acting account with `role`, accepts, and switches into it. */
export async function addMember(owner: { token: string }, role: string): Promise<TeamMemberAgent> {
  const agent = await onboard();
  const invited = await invite(owner.token, { email: agent.email, role });
  if (invited.status !== 201)
    throw new Error(`invite answered ${invited.status}: ${JSON.stringify(invited.json)}`);
  const accepted = await accept(agent.token, invited.json.data.invite_id);
  if (accepted.status !== 200)
    throw new Error(`accept answered ${accepted.status}: ${JSON.stringify(accepted.json)}`);
  const switched = await switchAccount(agent.token, { account_username: accepted.json.data.team.username });
  if (switched.status !== 200)
    throw new Error(`switch answered ${switched.status}: ${JSON.stringify(switched.json)}`);
  return { ...agent, memberId: invited.json.data.id, teamToken: switched.json.data.access_token };
}
