/**
 * `npm run openapi`: writes lib/http/openapi/document.json, the OpenAPI document the app serves at
 * GET /api/agents/v1/openapi.json and renders at /docs/api. It is generated from the routes on disk
 * (what each one declares to agentRoute) rather than written by hand; it is generated at build
 * time and checked in because a deployed server cannot list app/ (the bundler flattens it). A
 * test (lib/http/openapi/document.test.ts) fails when the checked-in file is stale.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { text2imgSchema } from "@/lib/generation/schemas";
import {
  buildOpenApiDocument,
  type ExtraOperation,
  jsonSchemaOf,
  type RouteEntry,
} from "@/lib/http/openapi/build";
import { generationResponse, modelslabError } from "@/lib/http/present/schemas/generation";
import { discoverAgentRoutes } from "@/tests/helpers/agent-routes";

export const DOCUMENT_PATH = path.join(process.cwd(), "lib/http/openapi/document.json");

/** The route file's header comment after the method and path: what the route does. */
function descriptionOf(file: string): string {
  const header =
    readFileSync(file, "utf8")
      .split("\n")
      .find((line) => line.startsWith("//")) ?? "";
  const text = header.replace(/^\/\/\s*/, "");
  const dash = text.indexOf(" — ");
  return dash >= 0 ? text.slice(dash + 3).trim() : text.trim();
}

/** The seed's step 5 lives on the generation API (ModelsLab's shapes, an API key in the body). */
function generationOperations(): ExtraOperation[] {
  const errors = [
    "insufficient_balance",
    "validation_error",
    "unauthenticated",
    "rate_limited",
    "generation_failed",
  ];
  return [
    {
      path: "/api/v6/images/text2img",
      method: "POST",
      operation: {
        operationId: "postV6ImagesText2img",
        summary: "Generate an image (ModelsLab v6)",
        description:
          "The seed's step 5: an image for a prompt, paid from the plan's quota or the wallet. Authenticated by the API key in the body (`key`); answers in ModelsLab's shapes, not the envelope.",
        tags: ["generation"],
        security: [],
        requestBody: {
          required: true,
          content: { "application/json": { schema: jsonSchemaOf(text2imgSchema, "input") } },
        },
        responses: {
          "200": {
            description: "Success or processing (fetch the result later).",
            content: { "application/json": { schema: jsonSchemaOf(generationResponse, "output") } },
          },
          default: {
            description: `Error (${errors.join(", ")}, …): a non-2xx status with ModelsLab's error shape.`,
            content: { "application/json": { schema: jsonSchemaOf(modelslabError, "output") } },
          },
        },
        "x-rate-limit-group": "agent-general",
        "x-idempotent": true,
        "x-required-scope": null,
        "x-required-permission": "generate",
        "x-source": "app/api/v6/images/text2img/route.ts",
      },
    },
  ];
}

export function routeEntries(): RouteEntry[] {
  const entries: RouteEntry[] = [];
  for (const route of discoverAgentRoutes()) {
    // The catch-all answers 404 route_not_found for every path nothing else serves.
    if (route.segments.some((s) => s.catchAll)) continue;
    const openApiPath = route.pattern.replace(/\[([^\]]+)\]/g, "{$1}");
    for (const method of route.implemented) {
      const options = route.options[method];
      if (!options) continue;
      entries.push({
        path: openApiPath,
        method,
        options,
        description: descriptionOf(path.join(process.cwd(), route.file)),
        file: route.file,
      });
    }
  }
  return entries;
}

export function generateDocument(): Record<string, unknown> {
  const { version } = JSON.parse(readFileSync(path.join(process.cwd(), "package.json"), "utf8")) as {
    version: string;
  };
  return buildOpenApiDocument({ routes: routeEntries(), extra: generationOperations(), version });
}

/** One-space indents: a readable diff at half the size of two. */
export const serialize = (document: unknown) => `${JSON.stringify(document, null, 1)}\n`;

// Run as a script (not when a test imports it).
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) {
  writeFileSync(DOCUMENT_PATH, serialize(generateDocument()));
  console.log(`wrote ${path.relative(process.cwd(), DOCUMENT_PATH)}`);
  // Route modules start timers (limiters, pub/sub) that would keep the process alive.
  process.exit(0);
}
