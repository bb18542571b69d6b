/**
 * A tool's input JSON Schema, generated from its actions' zod schemas (zod v4's JSON Schema output):
 * a required `action` and, beside it, every parameter any action takes, each saying which actions
 * use it. The door validates the chosen action's own schema strictly, so the advertised schema is
 * the union a client fills in, and a wrong argument is answered as the HTTP API answers it
 * (422 validation_error with the field).
 */
import { z } from "zod";
import type { McpTool } from "./action";

type JsonSchema = Record<string, unknown>;

/** Properties of an object schema, also through allOf/anyOf/oneOf (intersections, unions). */
function propertiesOf(schema: JsonSchema, out: Map<string, JsonSchema> = new Map()): Map<string, JsonSchema> {
  const props = schema.properties as Record<string, JsonSchema> | undefined;
  for (const [name, prop] of Object.entries(props ?? {})) if (!out.has(name)) out.set(name, prop);
  for (const key of ["allOf", "anyOf", "oneOf"]) {
    for (const part of (schema[key] as JsonSchema[] | undefined) ?? []) propertiesOf(part, out);
  }
  return out;
}

/** Required in every action that takes it? Only then is it worth saying. */
function requiredOf(schema: JsonSchema, out: Set<string> = new Set()): Set<string> {
  for (const name of (schema.required as string[] | undefined) ?? []) out.add(name);
  for (const part of (schema.allOf as JsonSchema[] | undefined) ?? []) requiredOf(part, out);
  return out;
}

export const IDEMPOTENCY_KEY_DOC =
  "Optional. The same key with the same arguments answers the first result again (idempotency_replay: true) and never charges twice; without one, a key is derived from the call.";

export function toolInputSchema(tool: McpTool): { type: "object"; [key: string]: unknown } {
  const properties: Record<string, JsonSchema> = {};
  const usedBy = new Map<string, { action: string; required: boolean }[]>();
  let idempotent = false;
  for (const [name, action] of Object.entries(tool.actions)) {
    if (action.idempotent && action.auth) idempotent = true;
    if (!action.input) continue;
    const schema = z.toJSONSchema(action.input, { io: "input", unrepresentable: "any" }) as JsonSchema;
    const required = requiredOf(schema);
    for (const [prop, propSchema] of propertiesOf(schema)) {
      const { $schema: _drop, ...clean } = propSchema;
      properties[prop] ??= clean;
      usedBy.set(prop, [...(usedBy.get(prop) ?? []), { action: name, required: required.has(prop) }]);
    }
  }
  for (const [prop, uses] of usedBy) {
    const list = uses.map((u) => (u.required ? `${u.action} (required)` : u.action)).join(", ");
    const own = typeof properties[prop]?.description === "string" ? `${properties[prop]?.description} ` : "";
    properties[prop] = { ...properties[prop], description: `${own}Used by: ${list}.` };
  }
  const actions = Object.keys(tool.actions);
  return {
    type: "object",
    properties: {
      action: {
        type: "string",
        enum: actions,
        description: Object.entries(tool.actions)
          .map(([name, a]) => `${name}: ${a.description}`)
          .join("\n"),
      },
      ...properties,
      ...(idempotent
        ? {
            idempotency_key: {
              type: "string",
              minLength: 1,
              maxLength: 255,
              description: IDEMPOTENCY_KEY_DOC,
            },
          }
        : {}),
    },
    required: ["action"],
  };
}
