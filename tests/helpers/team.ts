/**
 * A team for the approval suites: an owner's account with an admin, members and a viewer whose
 * tokens act for it, as switch-account would leave them. Memberships are written directly (the
 * invitation flow has its own suite); the tokens are the agents' real bearer tokens.
 */
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { accessTokens, memberships, users } from "@/lib/db/schema/accounts";
import { onboardAgent, type TestAgent } from "./agent";

export type TeamRole = "admin" | "member" | "viewer";

/** Makes `agent` a `role` of `accountId` and points its token at that account. */
export async function joinAs(agent: TestAgent, accountId: string, role: TeamRole): Promise<void> {
  const db = await getDb();
  await db.insert(memberships).values({ userId: agent.userId, accountId, role });
  const tokenId = Number(agent.token.split("|")[0]);
  await db.update(accessTokens).set({ accountId }).where(eq(accessTokens.id, tokenId));
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
  const [owner, admin, member, member2, viewer] = await Promise.all(
    Array.from({ length: 5 }, () => onboardAgent()),
  );
  if (!owner || !admin || !member || !member2 || !viewer) throw new Error("onboarding failed");
  const accountId = await accountOf(owner);
  await joinAs(admin, accountId, "admin");
  await joinAs(member, accountId, "member");
  await joinAs(member2, accountId, "member");
  await joinAs(viewer, accountId, "viewer");
  return { accountId, owner, admin, member, member2, viewer };
}
