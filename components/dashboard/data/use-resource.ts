"use client";

import { useCallback, useEffect, useRef, useSyncExternalStore } from "react";
import { useDataStore } from "./provider";
import { hashKey, type Key } from "./store";

interface Common {
  /** A load is running (the first one, a reload after a change, or a refresh on focus). */
  isFetching: boolean;
}

/** What a panel reads: pending until the first answer, then the data or the error. */
export type ResourceState<T> =
  | (Common & { isPending: true; isError: false; isSuccess: false; data: undefined; error: null })
  | (Common & { isPending: false; isError: true; isSuccess: false; data: T | undefined; error: Error })
  | (Common & { isPending: false; isError: false; isSuccess: true; data: T; error: null });

/**
 * A /dashboard/data resource under `key`. With `keepPrevious`, a new key (the next page of a
 * table) keeps showing the last data until its own arrives, instead of a skeleton.
 */
export function useResource<T>(
  key: Key,
  load: () => Promise<T>,
  { keepPrevious = false }: { keepPrevious?: boolean } = {},
): ResourceState<T> {
  const store = useDataStore();
  const hash = hashKey(key);
  // The hash stands for the key: a new array with the same parts is the same resource.
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed by hash
  const subscribe = useCallback(
    (listener: () => void) => store.subscribe(key, load, listener),
    [store, hash],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed by hash
  const read = useCallback(() => store.snapshot(key), [store, hash]);
  const snapshot = useSyncExternalStore(subscribe, read, read);
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed by hash
  useEffect(() => store.ensure(key, load), [store, hash]);

  const previous = useRef<T | undefined>(undefined);
  if (snapshot.status === "success") previous.current = snapshot.data as T;
  const isFetching = snapshot.fetching;
  if (snapshot.status === "success") {
    return {
      isPending: false,
      isError: false,
      isSuccess: true,
      data: snapshot.data as T,
      error: null,
      isFetching,
    };
  }
  if (snapshot.status === "error") {
    const data = snapshot.data as T | undefined;
    return {
      isPending: false,
      isError: true,
      isSuccess: false,
      data,
      error: snapshot.error as Error,
      isFetching,
    };
  }
  if (keepPrevious && previous.current !== undefined) {
    return {
      isPending: false,
      isError: false,
      isSuccess: true,
      data: previous.current,
      error: null,
      isFetching: true,
    };
  }
  return { isPending: true, isError: false, isSuccess: false, data: undefined, error: null, isFetching };
}

/** Reloads every resource whose key starts with the given one, after a change; resolves when done. */
export function useInvalidate(): (prefix: Key) => Promise<void> {
  const store = useDataStore();
  return useCallback((prefix: Key) => store.invalidate(prefix), [store]);
}
