import type { Db } from "@/lib/db/client";
import type { Generation } from "@/lib/db/schema/generation";

/** What a provider said about a generation. */
export type ProviderOutcome =
  | { kind: "success"; output: string[] }
  | { kind: "processing"; upstreamId: string | null; etaSeconds: number | null }
  | { kind: "failed"; reason: string };

export interface Provider {
  readonly name: Generation["provider"];
  /** Starts the work for a generation that has just been paid for. */
  submit(db: Db, generation: Generation): Promise<ProviderOutcome>;
  /** Asks again about a generation still `processing` (the fetch routes). */
  poll(db: Db, generation: Generation): Promise<ProviderOutcome>;
}
