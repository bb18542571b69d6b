/** What every /api/agents/v1 answer must look like, for the property tests. */
import type { AgentRoute } from "./agent-routes";

export interface RawAnswer {
  status: number;
  contentType: string;
  text: string;
  json: any;
}

/** Calls a discovered handler with a fully built request and reads the answer (streams are not read). */
export async function send(
  route: AgentRoute,
  method: string,
  input: { path: string; params: Record<string, string | string[]>; headers: Headers; body?: string | null },
): Promise<RawAnswer> {
  const handler = route.handlers[method as keyof AgentRoute["handlers"]];
  if (!handler) throw new Error(`${route.pattern} has no ${method}`);
  if (!input.headers.has("x-onramp-peer")) input.headers.set("x-onramp-peer", "127.0.0.1");
  const request = new Request(`http://127.0.0.1:3999${input.path}`, {
    method,
    headers: input.headers,
    body: method === "GET" || method === "HEAD" ? undefined : (input.body ?? undefined),
    // Long polls (`?wait=`) and event streams end when the caller goes away.
    signal: AbortSignal.timeout(3_000),
  });
  const response = await handler(request, { params: Promise.resolve(input.params) });
  const contentType = response.headers.get("content-type") ?? "";
  if (contentType.includes("text/event-stream") || contentType.includes("application/pdf")) {
    await response.body?.cancel();
    return { status: response.status, contentType, text: "", json: undefined };
  }
  const text = await response.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: response.status, contentType, text, json };
}

// ASVS 16.5.1: no stack frames, source paths or database text in what a caller reads.
const LEAK =
  /\n\s+at |\bat .+:\d+:\d+|\.tsx?:\d+|node_modules|\b(select|insert into|update \w+ set|delete from)\b|relation "|violates|duplicate key|syntax error|invalid input syntax|unterminated|pg_|PGlite|drizzle|TypeError|ReferenceError|RangeError|undefined is not|Cannot read propert/i;

/** Problems with an answer, as sentences; empty when it is fine. */
export function envelopeProblems(answer: RawAnswer): string[] {
  const problems: string[] = [];
  if (answer.status >= 500) problems.push(`status ${answer.status}`);
  const streamed =
    answer.contentType.includes("text/event-stream") || answer.contentType.includes("application/pdf");
  if (streamed) {
    if (answer.status >= 300) problems.push(`a ${answer.status} answered as ${answer.contentType}`);
    return problems;
  }
  const body = answer.json;
  if (!body || typeof body !== "object")
    return [...problems, `body is not JSON: ${answer.text.slice(0, 200)}`];
  if (!("data" in body) || !("error" in body)) problems.push("body lacks data/error");
  if (typeof body.meta?.request_id !== "string" || !body.meta.request_id.startsWith("req_")) {
    problems.push("meta.request_id missing");
  }
  if (answer.status >= 400) {
    if (body.data !== null) problems.push("an error carries data");
    if (typeof body.error?.code !== "string" || typeof body.error?.message !== "string") {
      problems.push("error lacks code/message");
    } else if (LEAK.test(body.error.message) || LEAK.test(JSON.stringify(body.error.details ?? ""))) {
      problems.push(`error leaks internals: ${body.error.message}`);
    }
  } else if (body.error !== null) {
    problems.push(`a ${answer.status} carries an error`);
  }
  return problems;
}
