/**
 * Agents' access tokens from the dashboard. A browser session is not a token, so "all" here means
 * every token of the person: each agent must sign in again.
 */
import { z } from "zod";
import { revokeAccessToken, revokeUserTokens } from "@/lib/auth/revoke-access-tokens";
import { integerId } from "./fields";
import type { HumanContext } from "./session";

export async function handleRevokeToken({ db, human }: HumanContext, input: unknown) {
  const { id } = z.object({ id: integerId }).parse(input);
  await revokeAccessToken(db, { userId: human.userId, tokenId: id });
  return { id };
}

const revokeAllSchema = z.object({
  /** Spare one token (e.g. the agent still working for you): "revoke all others". */
  except_id: integerId.optional(),
});

export async function handleRevokeAllTokens({ db, human }: HumanContext, input: unknown) {
  const body = revokeAllSchema.parse(input ?? {});
  const revoked = await revokeUserTokens(db, {
    userId: human.userId,
    ...(body.except_id === undefined ? {} : { exceptTokenId: body.except_id }),
  });
  return { revoked };
}
