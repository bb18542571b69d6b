import type { Generation } from "@/lib/db/schema/generation";
import { env } from "@/lib/env";
import { builtinProvider } from "./builtin";
import type { Provider } from "./types";
import { upstreamProvider } from "./upstream";

export type { Provider, ProviderOutcome } from "./types";

/** The provider new generations go to. */
export const configuredProvider = (): Provider =>
  env().generation.provider === "upstream" ? upstreamProvider : builtinProvider;

/** The provider that took a generation (configuration may have changed since). */
export const providerOf = (generation: Generation): Provider =>
  generation.provider === "upstream" ? upstreamProvider : builtinProvider;
