/** Reading a request for the doors: the raw text (for the card guard) and its parsed form. */
import { AppError } from "@/lib/errors";

export const MAX_BODY_BYTES = 1_000_000;

export interface RequestBody {
  raw: string;
  /** Undefined for GET/HEAD and for malformed JSON (see `jsonError`); `{}` for an empty body. */
  parsed: unknown;
  jsonError: boolean;
}

export async function readBody(request: Request): Promise<RequestBody> {
  if (request.method === "GET" || request.method === "HEAD")
    return { raw: "", parsed: undefined, jsonError: false };
  const tooLarge = () => new AppError("payload_too_large", "The request body is larger than 1 MB.");
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) throw tooLarge();
  const raw = await request.text();
  if (Buffer.byteLength(raw) > MAX_BODY_BYTES) throw tooLarge();
  if (raw.trim() === "") return { raw, parsed: {}, jsonError: false };
  if ((request.headers.get("content-type") ?? "").includes("application/x-www-form-urlencoded")) {
    return { raw, parsed: Object.fromEntries(new URLSearchParams(raw)), jsonError: false };
  }
  try {
    return { raw, parsed: JSON.parse(raw), jsonError: false };
  } catch {
    return { raw, parsed: undefined, jsonError: true };
  }
}

/** Percent-decoding that never throws: a malformed `%` sequence is checked as written. */
export function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The body as text, for doors that must see the raw bytes (the Stripe webhook's signature) or take
 * no envelope (CSP reports). A body over `maxBytes` is refused with 413 payload_too_large as soon
 * as the declared length or the bytes read so far exceed it, so a client cannot make the server
 * buffer more than that, whatever Content-Length says (or whether it says anything).
 */
export async function readTextWithin(request: Request, maxBytes: number): Promise<string> {
  const tooLarge = () =>
    new AppError("payload_too_large", `The request body is larger than ${Math.floor(maxBytes / 1024)} KB.`, {
      details: { max_bytes: maxBytes },
    });
  if (Number(request.headers.get("content-length") ?? 0) > maxBytes) throw tooLarge();
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
