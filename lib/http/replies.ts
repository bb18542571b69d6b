/**
 * What a door's handler returns: typed values that the door's output renders (the envelope, a file,
 * a page). A handler never builds a `Response` itself.
 */

/** Data for the envelope (or ModelsLab's bare body), with a status, extra headers and extra meta. */
export class Reply<T = unknown> {
  constructor(
    readonly data: T,
    readonly status = 200,
    readonly headers: Record<string, string> = {},
    /** Merged into `meta` after `request_id` (paged lists: total, per_page, …). */
    readonly meta: Record<string, unknown> = {},
  ) {}
}

export const reply = <T>(
  data: T,
  status = 200,
  headers: Record<string, string> = {},
  meta: Record<string, unknown> = {},
) => new Reply(data, status, headers, meta);

export type FileBody = BodyInit | null;

/** Bytes, text or a stream sent as they are: a PDF, a CSV, an image, an event stream, a redirect. */
export class FileReply {
  constructor(
    readonly body: FileBody,
    readonly status: number,
    readonly headers: Record<string, string>,
  ) {}
}

export function file(
  body: FileBody,
  options: { status?: number; contentType?: string; headers?: Record<string, string> } = {},
): FileReply {
  const headers: Record<string, string> = { ...options.headers };
  if (options.contentType) headers["Content-Type"] = options.contentType;
  return new FileReply(body, options.status ?? 200, headers);
}

/**
 * A stream of text chunks, each produced only when the client is ready for it (constant memory
 * however long the whole); a client that goes away stops the producer.
 */
export function textStream(chunks: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}

/** JSON without the envelope (what `Response.json` sends). */
export const bareJson = (data: unknown, status = 200, headers: Record<string, string> = {}) =>
  file(JSON.stringify(data), { status, contentType: "application/json", headers });

export const redirect = (location: string, headers: Record<string, string> = {}, status = 303) =>
  file(null, { status, headers: { Location: location, ...headers } });

/** An HTML page; the `page` output adds its security headers. */
export class Page {
  constructor(
    readonly html: string,
    readonly status = 200,
  ) {}
}

export const page = (html: string, status = 200) => new Page(html, status);
