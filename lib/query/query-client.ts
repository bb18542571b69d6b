/**
 * The QueryClient a dashboard page prefetches into on the server, one per request, then dehydrates
 * for the browser's resource cache (components/dashboard/data). Data is fresh for 30 s there too,
 * and a failed load is retried once: after a mutation the page reloads what it changed instead of
 * waiting.
 */
import { QueryClient } from "@tanstack/react-query";

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 30_000, retry: 1, refetchOnWindowFocus: true },
    },
  });
}
