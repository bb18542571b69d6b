"use server";
// API-key server actions: session check, then one handler (lib/actions/key-handlers.ts).
import { handleCreateKey, handleDeleteKey, handleRenameKey } from "./key-handlers";
import { runAsHuman } from "./session";

export async function createKeyAction(input: unknown) {
  return runAsHuman((ctx) => handleCreateKey(ctx, input), { input, permission: "create_keys" });
}

export async function renameKeyAction(input: unknown) {
  return runAsHuman((ctx) => handleRenameKey(ctx, input), { input, permission: "manage_keys" });
}

export async function deleteKeyAction(input: unknown) {
  return runAsHuman((ctx) => handleDeleteKey(ctx, input), { input, permission: "manage_keys" });
}
