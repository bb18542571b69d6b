/**
 * `expand[]`: replace id strings with the objects they name, along dot paths (max depth 4),
 * `data.` to reach into lists, plus "includable" fields that exist only when expanded
 * (Checkout `line_items`, Invoice `confirmation_secret` and `payments`).
 */
import { invalidRequest } from "./errors";

type Obj = Record<string, unknown>;

export interface ExpandResolver {
  /** The object an id names, already rendered for the caller; undefined if none. */
  byId(id: string): unknown;
  /** Value of an includable field of `owner`, or undefined if `field` is not includable there. */
  include(owner: Obj, field: string): unknown;
}

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

function cannotExpand(field: string) {
  return invalidRequest(`This property cannot be expanded (${field}).`, { param: "expand" });
}

function expandPath(target: unknown, segments: string[], resolver: ExpandResolver): void {
  if (!isObj(target) || segments.length === 0) return;
  const [field, ...rest] = segments as [string, ...string[]];
  if ((target.object === "list" || target.object === "search_result") && field === "data") {
    for (const item of (target.data as unknown[]) ?? []) expandPath(item, rest, resolver);
    return;
  }
  const current = target[field];
  if (typeof current === "string") {
    const resolved = resolver.byId(current);
    if (resolved === undefined) throw cannotExpand(field);
    target[field] = resolved;
  } else if (current === undefined) {
    const included = resolver.include(target, field);
    if (included === undefined) throw cannotExpand(field);
    target[field] = included;
  } else if (current !== null && !isObj(current)) {
    throw cannotExpand(field);
  }
  if (rest.length > 0) expandPath(target[field], rest, resolver);
}

export function applyExpand(root: unknown, paths: string[], resolver: ExpandResolver): unknown {
  const sorted = [...new Set(paths)].sort((a, b) => a.split(".").length - b.split(".").length);
  for (const path of sorted) {
    const segments = path.split(".").filter(Boolean);
    const depth = segments.filter((s) => s !== "data").length;
    if (depth > 4) {
      throw invalidRequest(`You cannot expand more than 4 levels of a property. Property: ${path}`, {
        param: "expand",
      });
    }
    if (segments.length > 0) expandPath(root, segments, resolver);
  }
  return root;
}
