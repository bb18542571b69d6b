/**
 * A team for the approval suites, built through the real API as agents build one: the owner
 * invites, each invitee accepts with its own token and switches into the team (tests/helpers/
 * teams.ts drives the routes). Each agent's `auth` is its team token afterwards.
 */
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { users } from "@/lib/db/schema/accounts";
import { onboardAgent, type TestAgent } from "./agent";
import { accept, invite, switchAccount } from "./teams";

export type TeamRole = "admin" | "member" | "viewer";

/** `owner` invites `agent` as `role`; it accepts and switches: its token then acts for the team. */
export async function joinAs(agent: TestAgent, owner: TestAgent, role: TeamRole): Promise<void> {
  const invited = await invite(owner.token, { email: agent.email, role });
  if (invited.status !== 201) throw new Error(`invite: ${invited.status} ${JSON.stringify(invited.json)}`);
  const accepted = await accept(agent.token, invited.json.data.invite_id);
  if (accepted.status !== 200) throw new Error(`accept: ${accepted.status} ${JSON.stringify(accepted.json)}`);
  const switched = await switchAccount(agent.token, {
    account_username: accepted.json.data.team.username,
    device_name: `${role}-agent`,
  });
  if (switched.status !== 200) throw new Error(`switch: ${switched.status} ${JSON.stringify(switched.json)}`);
  agent.token = switched.json.data.access_token;
  agent.auth = { authorization: `Bearer ${agent.token}` };
}

export async function accountOf(agent: TestAgent): Promise<string> {
  const [user] = await (await getDb()).select().from(users).where(eq(users.id, agent.userId));
  if (!user) throw new Error("no such user");
  return user.personalAccountId;
}

export interface TestTeam {
  accountId: string;
  owner: TestAgent;
  admin: TestAgent;
  member: TestAgent;
  member2: TestAgent;
  viewer: TestAgent;
}

export async function makeTeam(): Promise<TestTeam> {
  // One at a time: signups hash passwords, and a busy machine refuses a burst with server_busy.
  const agents: TestAgent[] = [];
  for (let i = 0; i < 5; i++) agents.push(await onboardAgent());
  const [owner, admin, member, member2, viewer] = agents;
  if (!owner || !admin || !member || !member2 || !viewer) throw new Error("onboarding failed");
  const accountId = await accountOf(owner);
  await joinAs(admin, owner, "admin");
  await joinAs(member, owner, "member");
  await joinAs(member2, owner, "member");
  await joinAs(viewer, owner, "viewer");
  return { accountId, owner, admin, member, member2, viewer };
}
