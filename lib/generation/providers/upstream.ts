/**
 * The upstream provider: forwards a paid generation to a ModelsLab-compatible service
 * (GENERATION_UPSTREAM_URL + /api/v6|v7/...) with our own key, and maps its answer. `processing`
 * keeps the upstream id so the fetch routes can ask again; anything that is not a usable answer
 * (an error status, a non-2xx, a timeout, garbage) is a failure, which the caller refunds.
 */
import type { Db } from "@/lib/db/client";
import type { Generation } from "@/lib/db/schema/generation";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import type { Provider, ProviderOutcome } from "./types";

export const UPSTREAM_TIMEOUT_MS = 60_000;

const PATHS = {
  v6: {
    submit: "/api/v6/images/text2img",
    fetch: (id: string) => `/api/v6/images/fetch/${encodeURIComponent(id)}`,
  },
  v7: {
    submit: "/api/v7/images/text-to-image",
    fetch: (id: string) => `/api/v7/images/fetch/${encodeURIComponent(id)}`,
  },
} as const;

/** A request to the upstream service: ModelsLab's parameter names (`post` adds our key). */
type UpstreamRequest = Record<string, unknown>;

/** The caller's parameters as the upstream expects them. */
export function upstreamBody(generation: Generation): UpstreamRequest {
  const p = generation.params;
  const pick = (names: string[]) =>
    Object.fromEntries(names.filter((n) => p[n] !== undefined && p[n] !== null).map((n) => [n, p[n]]));
  const flag = (name: string) => (typeof p[name] === "boolean" ? { [name]: p[name] ? "yes" : "no" } : {});
  if (generation.api === "v7") {
    const size = p.aspect_ratio
      ? { aspect_ratio: p.aspect_ratio }
      : { width: generation.width, height: generation.height };
    return {
      ...pick(["model_id", "prompt", "negative_prompt", "samples", "track_id"]),
      ...size,
      ...seedOf(p),
    };
  }
  return {
    ...pick([
      "model_id",
      "prompt",
      "negative_prompt",
      "width",
      "height",
      "samples",
      "num_inference_steps",
      "guidance_scale",
      "scheduler",
      "track_id",
    ]),
    ...flag("safety_checker"),
    ...flag("enhance_prompt"),
    ...seedOf(p),
  };
}

const seedOf = (p: Record<string, unknown>) =>
  typeof p.requested_seed === "number" ? { seed: p.requested_seed } : {};

function reasonFrom(json: Record<string, unknown>, fallback: string): string {
  const text = [json.message, json.messege, json.error, json.detail].find(
    (v) => typeof v === "string" && v.trim(),
  );
  return typeof text === "string" ? text.trim().slice(0, 300) : fallback;
}

const isHttpUrl = (v: unknown): v is string => typeof v === "string" && /^https?:\/\/\S+$/.test(v);

/** Maps a ModelsLab-shaped answer (`success | processing | error`) onto an outcome. */
export function interpret(httpStatus: number, json: unknown): ProviderOutcome {
  if (!json || typeof json !== "object" || Array.isArray(json)) {
    return { kind: "failed", reason: `the provider answered HTTP ${httpStatus} without a JSON object` };
  }
  const body = json as Record<string, unknown>;
  const status = typeof body.status === "string" ? body.status.toLowerCase() : "";
  const id = body.id ?? body.request_id;
  const upstreamId = typeof id === "number" || (typeof id === "string" && id.trim()) ? String(id) : null;
  if (httpStatus >= 400 || status === "error" || status === "failed") {
    return { kind: "failed", reason: reasonFrom(body, `the provider answered HTTP ${httpStatus}`) };
  }
  const output = Array.isArray(body.output) ? body.output : [];
  if (status === "success" && output.length > 0) {
    if (!output.every(isHttpUrl))
      return { kind: "failed", reason: "the provider returned an output that is not a URL" };
    return { kind: "success", output };
  }
  if ((status === "processing" || status === "queued" || status === "success") && upstreamId) {
    const eta = Number(body.eta);
    return { kind: "processing", upstreamId, etaSeconds: Number.isFinite(eta) && eta >= 0 ? eta : null };
  }
  return {
    kind: "failed",
    reason: reasonFrom(body, `the provider answered with status "${status || "none"}"`),
  };
}

async function post(path: string, request: UpstreamRequest): Promise<ProviderOutcome> {
  const { upstreamUrl, upstreamKey } = env().generation;
  if (!upstreamUrl || !upstreamKey)
    return { kind: "failed", reason: "the upstream provider is not configured" };
  const redact = (text: string) => text.split(upstreamKey).join("[REDACTED]");
  try {
    const response = await fetch(`${upstreamUrl}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json", key: upstreamKey },
      body: JSON.stringify({ ...request, key: upstreamKey }),
      signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
      redirect: "error",
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const outcome = interpret(response.status, json);
    return outcome.kind === "failed" ? { kind: "failed", reason: redact(outcome.reason) } : outcome;
  } catch (error) {
    const timedOut = error instanceof Error && error.name === "TimeoutError";
    log().warn({ path, err: redact(String(error)) }, "upstream generation call failed");
    return {
      kind: "failed",
      reason: timedOut
        ? `the provider did not answer within ${UPSTREAM_TIMEOUT_MS / 1000} s`
        : "the provider could not be reached",
    };
  }
}

export const upstreamProvider: Provider = {
  name: "upstream",
  submit: (_db: Db, generation: Generation) => post(PATHS[generation.api].submit, upstreamBody(generation)),
  poll: async (_db: Db, generation: Generation) => {
    if (generation.upstreamId) return post(PATHS[generation.api].fetch(generation.upstreamId), {});
    // No upstream id yet: the submitting request is still waiting for an answer, or died waiting.
    const age = Date.now() - generation.createdAt.getTime();
    if (age > 2 * UPSTREAM_TIMEOUT_MS)
      return { kind: "failed", reason: "the provider never acknowledged the request" };
    return {
      kind: "processing",
      upstreamId: null,
      etaSeconds: Math.max(1, Math.ceil((UPSTREAM_TIMEOUT_MS - age) / 1000)),
    };
  },
};
