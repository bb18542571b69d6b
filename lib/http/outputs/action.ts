/**
 * Dashboard server actions: the handler's value as `{ok: true, data}`, anything thrown as a failure
 * value (never thrown to the browser); Next's redirect and notFound signals keep travelling.
 */
import { type ActionResult, ok, toFailure } from "../action-result";
import type { Output } from "../output";

export function action<T>(): Output<T, ActionResult<T>> {
  return {
    render: (data) => ok(data),
    fail(error) {
      const failure = toFailure(error);
      return { wire: failure, code: failure.code };
    },
    status: () => undefined,
  };
}
