"use client";

import { useRef, useState } from "react";

/** A change's progress, read by the form or button that started it. */
export type ActionState<V, R> =
  | { isPending: false; isError: false; isSuccess: false; data: undefined; error: null; variables: undefined }
  | { isPending: true; isError: false; isSuccess: false; data: undefined; error: null; variables: V }
  | { isPending: false; isError: true; isSuccess: false; data: undefined; error: Error; variables: V }
  | { isPending: false; isError: false; isSuccess: true; data: R; error: null; variables: V };

export interface ActionOptions<V, R> {
  /** Awaited before the action counts as done (e.g. reloading what it changed). */
  onSuccess?: (data: R, variables: V) => unknown;
  /** Awaited after success or failure alike. */
  onSettled?: () => unknown;
}

export type Action<V, R> = ActionState<V, R> & {
  /** Runs the action; a failure is shown through the state, never thrown. */
  mutate: (variables: V, options?: { onSuccess?: (data: R) => void }) => void;
  /** Runs the action and throws its failure to the caller. */
  mutateAsync: (variables: V) => Promise<R>;
  /** Back to idle (hides the last outcome). */
  reset: () => void;
};

const IDLE = {
  isPending: false,
  isError: false,
  isSuccess: false,
  data: undefined,
  error: null,
  variables: undefined,
} as const;

/**
 * A server action run from a client island, with its pending, error and success states (what the
 * dashboard used TanStack's useMutation for). Only the latest run's outcome is shown.
 */
export function useAction<V = void, R = unknown>(
  run: (variables: V) => Promise<R>,
  options: ActionOptions<V, R> = {},
): Action<V, R> {
  const [state, setState] = useState<ActionState<V, R>>(IDLE);
  const latest = useRef(0);

  async function mutateAsync(variables: V): Promise<R> {
    const id = ++latest.current;
    setState({ ...IDLE, isPending: true, variables });
    try {
      const data = await run(variables);
      await options.onSuccess?.(data, variables);
      await options.onSettled?.();
      if (id === latest.current) setState({ ...IDLE, isSuccess: true, data, variables });
      return data;
    } catch (caught) {
      const error = caught instanceof Error ? caught : new Error(String(caught));
      await Promise.resolve(options.onSettled?.()).catch(() => undefined);
      if (id === latest.current) setState({ ...IDLE, isError: true, error, variables });
      throw error;
    }
  }

  return {
    ...state,
    mutateAsync,
    mutate: (variables, callOptions) => {
      mutateAsync(variables).then(
        (data) => callOptions?.onSuccess?.(data),
        () => undefined,
      );
    },
    reset: () => {
      latest.current++;
      setState(IDLE);
    },
  };
}
