/**
 * Work a door starts and finishes after its answer is sent: Next's `after()` inside a request.
 * Outside one (a route handler called directly by a test or a script) there is no answer to wait
 * for, so the task runs at once and its result comes back — the same code path, awaited.
 */
import { after } from "next/server";

export function afterResponse<T>(task: () => Promise<T>): Promise<T | undefined> {
  try {
    after(async () => {
      await task();
    });
    return Promise.resolve(undefined);
  } catch {
    // `after` refuses outside a request scope.
    return task();
  }
}
