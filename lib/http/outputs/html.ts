/**
 * HTML pages answered by a route (the email's /verify link): a `Page` result is sent as HTML with
 * the door's headers and the page's own security headers; any other result, and every error, goes
 * to `otherwise` (the envelope, for clients that asked for JSON).
 */
import type { Output } from "../output";
import { Page } from "../replies";

export function html(options: {
  /** The page's own headers (its Content-Security-Policy, Referrer-Policy). */
  headers: Record<string, string>;
  otherwise: Output<unknown, Response>;
}): Output<unknown, Response> {
  const { otherwise } = options;
  return {
    render(result, frame) {
      if (!(result instanceof Page)) return otherwise.render(result, frame);
      return new Response(result.html, {
        status: result.status,
        headers: {
          "Content-Type": "text/html; charset=utf-8",
          "Cache-Control": "no-store",
          "X-Content-Type-Options": "nosniff",
          ...options.headers,
          ...frame.headers,
        },
      });
    },
    fail: (error, frame) => otherwise.fail(error, frame),
    status: (response) => response.status,
  };
}
