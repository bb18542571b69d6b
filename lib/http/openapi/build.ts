/**
 * Builds the OpenAPI 3.1 document of the agents API from what each route declares to the door
 * (`agentRoute` options: auth, scope, permission, limiter, zod schemas, idempotency, response and
 * error codes). Nothing here is written by hand per route: request schemas come from the zod
 * schemas the door parses with (their input side), responses from the route's `response` schemas
 * (their output side), and errors from the stages the door runs plus the route's own `errors`.
 *
 * Pure: the caller hands in the routes (scripts/openapi.ts finds them on disk at build time and
 * writes document.json, which the app serves; production cannot read app/ from disk).
 */
import { z } from "zod";
import { SCOPES } from "@/lib/auth/scopes";
import { ERROR_ALSO_STATUS, ERROR_STATUS, type ErrorCode } from "@/lib/errors";
import type { RouteOptions } from "../agent-route";
import type { LimiterName } from "../rate-limit";

type Schema = z.ZodType;
type JsonSchema = Record<string, unknown>;

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface RouteEntry {
  /** OpenAPI path below the agents API base, `{id}` style: `/api-keys/{id}`. */
  path: string;
  method: HttpMethod;
  options: RouteOptions<Schema | undefined, Schema | undefined, boolean, unknown>;
  /** The route file's header line (what the route does). */
  description: string;
  /** The route file, for the reader who wants the code. */
  file: string;
}

export const AGENT_API_BASE = "/api/agents/v1";

/** The limiter names as the reference and the `X-RateLimit-*` buckets call them. */
export const LIMITER_GROUP: Record<LimiterName, string> = {
  auth: "agent-auth",
  billing: "agent-billing",
  general: "agent-general",
  signup: "agent-signup",
  authIp: "agent-auth-ip",
  pages: "pages",
};

/** One schema per error code (components), so an operation lists its codes by reference. */
const errorSchemaName = (code: ErrorCode) => `Error_${code}`;

function errorComponent(code: ErrorCode): JsonSchema {
  return {
    type: "object",
    required: ["data", "error", "meta"],
    properties: {
      data: { type: "null" },
      error: {
        type: "object",
        required: ["code", "message", "details"],
        properties: {
          code: { const: code },
          message: { type: "string" },
          details: { type: "object", description: "Always present; `{}` when there is nothing to add." },
        },
      },
      meta: { $ref: "#/components/schemas/Meta" },
    },
  };
}

const errorEnvelope = (codes: ErrorCode[]): JsonSchema =>
  codes.length === 1
    ? { $ref: `#/components/schemas/${errorSchemaName(codes[0] as ErrorCode)}` }
    : { oneOf: codes.map((code) => ({ $ref: `#/components/schemas/${errorSchemaName(code)}` })) };

const successEnvelope = (data: JsonSchema): JsonSchema => ({
  type: "object",
  required: ["data", "error", "meta"],
  properties: {
    data,
    error: { type: "null" },
    meta: { $ref: "#/components/schemas/Meta" },
    idempotency_replay: {
      type: "boolean",
      description:
        "True when this repeats the stored answer to an earlier request with the same Idempotency-Key.",
    },
  },
});

/** zod → JSON Schema (2020-12) without the `$schema` line; transforms and refinements describe their input or output side. */
export function jsonSchemaOf(schema: Schema, io: "input" | "output"): JsonSchema {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, {
    io,
    target: "draft-2020-12",
    unrepresentable: "any",
    reused: "inline",
  }) as JsonSchema;
  return rest;
}

/** The error codes the door itself can answer for a route, by the stages it declares. */
export function doorErrors(entry: Pick<RouteEntry, "method" | "path" | "options">): ErrorCode[] {
  const { options, method, path } = entry;
  const codes: ErrorCode[] = [
    "raw_card_data_rejected",
    "rate_limited",
    "internal_error",
    "service_unavailable",
  ];
  if (method !== "GET") codes.push("invalid_json", "payload_too_large");
  if (options.auth) codes.push("unauthenticated");
  if (options.auth && options.scope) codes.push("insufficient_scope");
  if (options.auth && options.permission) codes.push("forbidden");
  // The input guard runs on every agents route, declared schemas or not: a control character in
  // the query or a body nested too deep is a 422, and an unsafe path segment a 404.
  codes.push("validation_error");
  if (options.params || path.includes("{")) codes.push("not_found");
  if (options.idempotent && options.auth) {
    codes.push("invalid_idempotency_key", "idempotency_key_in_use", "idempotency_key_reused");
  }
  return codes;
}

function responseSchemas(options: RouteEntry["options"]): Map<number, Schema | null> {
  const declared = options.response;
  const out = new Map<number, Schema | null>();
  if (declared === undefined) return out;
  if (declared === null) {
    out.set(200, null);
    return out;
  }
  if (declared instanceof z.ZodType) {
    out.set(200, declared);
    return out;
  }
  for (const [status, schema] of Object.entries(declared)) if (schema) out.set(Number(status), schema);
  return out;
}

function parametersOf(entry: RouteEntry): JsonSchema[] {
  const params: JsonSchema[] = [];
  for (const match of entry.path.matchAll(/\{([^}]+)\}/g)) {
    const name = match[1] as string;
    const declared = entry.options.params
      ? ((jsonSchemaOf(entry.options.params, "input").properties as JsonSchema | undefined)?.[name] as
          | JsonSchema
          | undefined)
      : undefined;
    const schema = declared && Object.keys(declared).length > 0 ? declared : { type: "string" };
    params.push({ name, in: "path", required: true, schema });
  }
  if (entry.options.query) {
    const query = jsonSchemaOf(entry.options.query, "input");
    const required = new Set((query.required as string[] | undefined) ?? []);
    for (const [name, schema] of Object.entries((query.properties as Record<string, JsonSchema>) ?? {})) {
      const { description, ...rest } = schema;
      params.push({
        name,
        in: "query",
        required: required.has(name) && !("default" in schema),
        schema: rest,
        ...(description ? { description } : {}),
      });
    }
  }
  if (entry.options.idempotent && entry.options.auth) {
    params.push({ $ref: "#/components/parameters/IdempotencyKey" });
  }
  return params;
}

const summaryOf = (description: string) => {
  const first = description.split(/ — |: /)[0] ?? description;
  return first.length > 80 ? `${first.slice(0, 77)}…` : first;
};

const RATE_HEADERS = {
  "X-Request-Id": { $ref: "#/components/headers/X-Request-Id" },
  "X-RateLimit-Remaining": { $ref: "#/components/headers/X-RateLimit-Remaining" },
  "X-RateLimit-Reset": { $ref: "#/components/headers/X-RateLimit-Reset" },
};

function operationOf(entry: RouteEntry): JsonSchema {
  const { options } = entry;
  const responses: Record<string, JsonSchema> = {};
  const rateHeaders = RATE_HEADERS;
  const successes = responseSchemas(options);
  if (successes.size === 0) {
    // Not declared yet (document.test.ts lists these): the envelope, with `data` undescribed.
    responses["200"] = {
      description: "Success (the data's schema is not declared yet).",
      headers: rateHeaders,
      content: { "application/json": { schema: successEnvelope({}) } },
    };
  }
  for (const [status, schema] of successes) {
    responses[String(status)] =
      schema === null
        ? { description: "Not the envelope: see the operation's description.", headers: rateHeaders }
        : {
            description: status === 202 ? "Accepted: a person must act (see data.message)." : "Success.",
            headers: rateHeaders,
            content: { "application/json": { schema: successEnvelope(jsonSchemaOf(schema, "output")) } },
          };
  }
  const codes = [...new Set([...doorErrors(entry), ...(options.errors ?? [])])];
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    for (const status of [ERROR_STATUS[code], ...(ERROR_ALSO_STATUS[code] ?? [])]) {
      byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
    }
  }
  for (const [status, list] of [...byStatus].sort(([a], [b]) => a - b)) {
    responses[String(status)] = {
      description: `Error: ${list.join(", ")}.`,
      headers: rateHeaders,
      content: { "application/json": { schema: errorEnvelope(list.sort()) } },
    };
  }
  const operation: JsonSchema = {
    operationId: `${entry.method.toLowerCase()}${entry.path
      .split(/[/{}-]+/)
      .filter(Boolean)
      .map((p) => p[0]?.toUpperCase() + p.slice(1))
      .join("")}`,
    summary: summaryOf(entry.description),
    description: entry.description,
    tags: [entry.path.split("/")[1] ?? "meta"],
    ...(options.auth ? { security: [{ bearer: options.scope ? [options.scope] : [] }] } : { security: [] }),
    parameters: parametersOf(entry),
    responses: Object.fromEntries(Object.entries(responses).sort(([a], [b]) => Number(a) - Number(b))),
    "x-rate-limit-group": LIMITER_GROUP[options.limiter],
    ...(options.ipLimiters?.length
      ? { "x-rate-limit-ip-groups": options.ipLimiters.map((l) => LIMITER_GROUP[l]) }
      : {}),
    "x-idempotent": Boolean(options.idempotent && options.auth),
    "x-required-scope": options.auth ? (options.scope ?? null) : null,
    "x-required-permission": options.auth ? (options.permission ?? null) : null,
    "x-source": entry.file,
    ...(successes.size === 0 ? { "x-response-schema": "undeclared" } : {}),
  };
  if ((operation.parameters as unknown[]).length === 0) delete operation.parameters;
  if (options.body) {
    operation.requestBody = {
      required: true,
      content: { "application/json": { schema: jsonSchemaOf(options.body, "input") } },
    };
  }
  return operation;
}

export interface ExtraOperation {
  /** The full path (e.g. `/api/v6/images/text2img`): it is served from the site's root. */
  path: string;
  method: HttpMethod;
  operation: JsonSchema;
}

export function buildOpenApiDocument(input: {
  routes: RouteEntry[];
  /** Operations outside the agents API that the seed flow uses (the generation API). */
  extra?: ExtraOperation[];
  version: string;
}): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  const sorted = [...input.routes].sort(
    (a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method),
  );
  for (const entry of sorted) {
    paths[entry.path] = { ...paths[entry.path], [entry.method.toLowerCase()]: operationOf(entry) };
  }
  for (const extra of input.extra ?? []) {
    paths[extra.path] = {
      servers: [{ url: "/" }],
      ...paths[extra.path],
      [extra.method.toLowerCase()]: extra.operation,
    };
  }
  return {
    openapi: "3.1.0",
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    info: {
      title: "Onramp agents API",
      version: input.version,
      summary: "Agent onboarding and billing control plane (ModelsLab agents API compatible).",
      description:
        "Every answer is the envelope `{data, error, meta: {request_id}}`. Authenticate with `Authorization: Bearer <access_token>` from /auth/login or /auth/verify-email. Operations declare the token scope they need (`x-required-scope`), the role permission in the acting account (`x-required-permission`), their rate-limit bucket (`x-rate-limit-group`) and whether they honour `Idempotency-Key` (`x-idempotent`).",
    },
    servers: [{ url: AGENT_API_BASE }],
    paths,
    components: {
      securitySchemes: {
        bearer: {
          type: "http",
          scheme: "bearer",
          description: `An access token. Scopes: ${Object.keys(SCOPES).join(", ")}.`,
        },
      },
      parameters: {
        IdempotencyKey: {
          name: "Idempotency-Key",
          in: "header",
          required: false,
          description:
            "A retry with the same key answers the stored response (`idempotency_replay: true`) and does nothing again.",
          schema: { type: "string", minLength: 1, maxLength: 255 },
        },
      },
      headers: {
        "X-Request-Id": { schema: { type: "string" }, description: "Also in meta.request_id." },
        "X-RateLimit-Remaining": { schema: { type: "integer" } },
        "X-RateLimit-Reset": { schema: { type: "integer" }, description: "Unix time in seconds." },
      },
      schemas: {
        Meta: {
          type: "object",
          required: ["request_id"],
          properties: { request_id: { type: "string" } },
        },
        ...Object.fromEntries(
          (Object.keys(ERROR_STATUS) as ErrorCode[]).map((code) => [
            errorSchemaName(code),
            errorComponent(code),
          ]),
        ),
      },
    },
  };
}
