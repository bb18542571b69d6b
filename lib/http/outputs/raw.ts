/**
 * Files, streams and redirects (a PDF, a CSV, an image, an event stream): the handler's `FileReply`
 * sent as it is. Errors keep the shape each door has always had: the agents envelope (`errors:
 * envelope()`), or whatever the door's own `errors` function makes of them (plain text, bare JSON);
 * that function may rethrow, leaving the answer to Next (its 500 page).
 */
import { isAppError } from "@/lib/errors";
import type { Output } from "../output";
import { FileReply } from "../replies";

export const isFileReply = (value: unknown): value is FileReply => value instanceof FileReply;

export function fileResponse(reply: FileReply, headers: Record<string, string> = {}): Response {
  return new Response(reply.body, { status: reply.status, headers: { ...reply.headers, ...headers } });
}

export function raw(options: {
  /** Send `X-Request-Id` and the `X-RateLimit-*` headers with the file too. */
  stamp?: boolean;
  errors: Output<never, Response> | ((error: unknown) => FileReply);
}): Output<FileReply, Response> {
  const { errors } = options;
  return {
    render: (reply, frame) => fileResponse(reply, options.stamp ? frame.headers : {}),
    fail(error, frame) {
      if (typeof errors !== "function") return errors.fail(error, frame);
      return { wire: fileResponse(errors(error)), code: isAppError(error) ? error.code : undefined };
    },
    status: (response) => response.status,
  };
}
