"use server";
// Access-token server actions: session check, then one handler (lib/actions/token-handlers.ts).
import { runAsHuman } from "./session";
import { handleRevokeAllTokens, handleRevokeToken } from "./token-handlers";

export async function revokeTokenAction(input: unknown) {
  return runAsHuman((ctx) => handleRevokeToken(ctx, input), { input });
}

export async function revokeAllTokensAction(input: unknown) {
  return runAsHuman((ctx) => handleRevokeAllTokens(ctx, input), { input });
}
