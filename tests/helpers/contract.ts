/**
 * Every answer a test gets through `call` from a route the OpenAPI document describes is checked
 * against that document: a 2xx against its declared `data` schema, an error against the error codes
 * listed for its status. So each route test is also a contract test, and a presenter or a domain
 * error that drifts from the published document fails the test that produced it — not a client.
 */
import Ajv2020, { type ValidateFunction } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import document from "@/lib/http/openapi/document.json";

const AGENTS_PREFIX = "/api/agents/v1";

interface Operation {
  responses: Record<string, unknown>;
}

const paths = document.paths as unknown as Record<string, Record<string, Operation>>;

// Literal segments before templated ones, so /subscriptions/plans wins over /subscriptions/{id}.
const templates = Object.keys(paths)
  .map((template) => ({
    template,
    pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`),
    literal: template.split("/").filter((s) => !s.startsWith("{")).length,
  }))
  .sort((a, b) => b.literal - a.literal);

let ajv: Ajv2020 | null = null;
const validators = new Map<string, ValidateFunction>();

function validator(template: string, method: string, status: string): ValidateFunction {
  const key = `${method} ${template} ${status}`;
  let validate = validators.get(key);
  if (!validate) {
    if (!ajv) {
      ajv = new Ajv2020({ strict: false, allErrors: true });
      addFormats(ajv);
      ajv.addSchema(document, "openapi");
    }
    const pointer = ["paths", template, method, "responses", status, "content", "application/json", "schema"]
      .map((p) => p.replaceAll("~", "~0").replaceAll("/", "~1"))
      .join("/");
    validate = ajv.compile({ $ref: `openapi#/${pointer}` });
    validators.set(key, validate);
  }
  return validate;
}

/** The document's operation for a concrete request path, if it describes one. */
function operationFor(method: string, url: string) {
  const pathname = new URL(url, "http://127.0.0.1").pathname;
  const relative = pathname.startsWith(`${AGENTS_PREFIX}/`) ? pathname.slice(AGENTS_PREFIX.length) : pathname;
  const match = templates.find((t) => t.pattern.test(relative));
  const op = match && paths[match.template]?.[method.toLowerCase()];
  return op && match ? { template: match.template, op } : null;
}

/**
 * Throws when a JSON answer does not conform. Answers the document does not describe as JSON (a
 * file, a redirect, a route it does not list) are not checked here.
 */
export function assertConformsToDocument(method: string, url: string, status: number, body: unknown): void {
  const found = operationFor(method, url);
  if (!found || typeof body !== "object" || body === null) return;
  const { template, op } = found;
  const key = op.responses[String(status)] ? String(status) : op.responses.default ? "default" : null;
  const code = (body as { error?: { code?: string } | null }).error?.code;
  const where = `${method.toUpperCase()} ${template} → ${status}${code ? ` ${code}` : ""}`;
  if (!key) {
    throw new Error(
      `${where}: the OpenAPI document lists no ${status} for this operation${code ? ` (error code ${code}: add it to the route's \`errors\`)` : ""}; run \`npm run openapi\` after fixing the route`,
    );
  }
  const response = op.responses[key] as { content?: Record<string, unknown> };
  if (!response.content?.["application/json"]) return;
  const validate = validator(template, method.toLowerCase(), key);
  if (!validate(body)) {
    throw new Error(
      `${where} does not match the OpenAPI document${code ? ` (is ${code} in the route's \`errors\`?)` : ""}: ${ajv!.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 600)}`,
    );
  }
}
