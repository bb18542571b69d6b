"use client";

// Only the type of the server's prefetch result: TanStack itself stays on the server.
import type { DehydratedState } from "@tanstack/react-query";
import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from "react";
import { DataStore } from "./store";

const StoreContext = createContext<DataStore | null>(null);

let tabStore: DataStore | undefined;

/** One cache per browser tab (it outlives page changes); one per request while rendering on the server. */
function storeForHere(): DataStore {
  if (typeof window === "undefined") return new DataStore();
  tabStore ??= new DataStore();
  return tabStore;
}

const loadedQueries = (state: DehydratedState) => state.queries.filter((q) => q.state.status === "success");

export function useDataStore(): DataStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error("Dashboard data is read inside <DashboardData>.");
  return store;
}

/**
 * The data a dashboard page prefetched on the server (lib/query/page-data.ts), handed to the
 * page's client panels. Only pages whose panels read /dashboard/data wrap themselves in it.
 */
export function DashboardData({ state, children }: { state: DehydratedState; children: ReactNode }) {
  const [store] = useState(storeForHere);
  // Keys the tab has never loaded are filled during render, so the first paint (and hydration)
  // already shows them; newer server data for keys already on screen is applied after commit, as
  // notifying mounted panels in the middle of this render is not allowed.
  useMemo(() => {
    for (const q of loadedQueries(state)) {
      if (store.snapshot(q.queryKey).status === "pending") {
        store.seed(q.queryKey, q.state.data, q.state.dataUpdatedAt);
      }
    }
  }, [store, state]);
  useEffect(() => {
    for (const q of loadedQueries(state)) store.seed(q.queryKey, q.state.data, q.state.dataUpdatedAt);
  }, [store, state]);
  useEffect(() => {
    const refresh = () => {
      if (document.visibilityState === "visible") store.refreshVisible();
    };
    window.addEventListener("focus", refresh);
    document.addEventListener("visibilitychange", refresh);
    return () => {
      window.removeEventListener("focus", refresh);
      document.removeEventListener("visibilitychange", refresh);
    };
  }, [store]);
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}
