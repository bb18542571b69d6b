/**
 * Server-side prefetch for a dashboard page: runs the loaders for the signed-in person into a fresh
 * QueryClient and returns its dehydrated state for <DashboardData> (components/dashboard/data).
 */
import "server-only";
import { type DehydratedState, dehydrate } from "@tanstack/react-query";
import { makeQueryClient } from "./query-client";

export interface Prefetch {
  queryKey: readonly unknown[];
  load: () => Promise<unknown>;
}

export async function prefetch(entries: Prefetch[]): Promise<DehydratedState> {
  const client = makeQueryClient();
  // A failed prefetch is left out, not thrown: the client query retries it and shows its own error.
  await Promise.all(entries.map((e) => client.prefetchQuery({ queryKey: e.queryKey, queryFn: e.load })));
  return dehydrate(client);
}
