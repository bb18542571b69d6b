/** List objects: newest first, `limit` 1–100 (default 10), `starting_after` / `ending_before`. */
import { invalidRequest, noSuch } from "./errors";
import type { Params } from "./params";

export interface ListObject<T> {
  object: "list";
  data: T[];
  has_more: boolean;
  url: string;
}

export const LIST_PARAMS = ["limit", "starting_after", "ending_before"] as const;

/** `items` oldest first (store order); the response is newest first. */
export function paginate<T extends { id: string }>(
  items: T[],
  params: Params,
  url: string,
  kind = "object",
): ListObject<T> {
  const limit = params.int("limit", { min: 1, max: 100 }) ?? 10;
  const after = params.text("starting_after");
  const before = params.text("ending_before");
  if (after && before) {
    throw invalidRequest("You may only specify one of these parameters: ending_before, starting_after.");
  }
  const newest = [...items].reverse();
  if (after) {
    const i = newest.findIndex((x) => x.id === after);
    if (i < 0) throw noSuch(kind, after, "starting_after");
    const rest = newest.slice(i + 1);
    return { object: "list", data: rest.slice(0, limit), has_more: rest.length > limit, url };
  }
  if (before) {
    const i = newest.findIndex((x) => x.id === before);
    if (i < 0) throw noSuch(kind, before, "ending_before");
    const head = newest.slice(0, i);
    const start = Math.max(0, head.length - limit);
    return { object: "list", data: head.slice(start), has_more: start > 0, url };
  }
  return { object: "list", data: newest.slice(0, limit), has_more: newest.length > limit, url };
}

/** A complete nested list (invoice lines, subscription items). */
export function fullList<T>(data: T[], url: string): ListObject<T> & { total_count?: number } {
  return { object: "list", data, has_more: false, url };
}

/** `created=123` or `created[gt|gte|lt|lte]=…` */
export function createdFilter(params: Params, key = "created"): (created: number) => boolean {
  if (!params.has(key)) return () => true;
  if (typeof params.raw[key] === "string") {
    const n = params.int(key);
    return (c) => n === undefined || c === n;
  }
  const range = params.obj(key);
  if (!range) return () => true;
  range.allowOnly(["gt", "gte", "lt", "lte"]);
  const gt = range.int("gt");
  const gte = range.int("gte");
  const lt = range.int("lt");
  const lte = range.int("lte");
  return (c) =>
    (gt === undefined || c > gt) &&
    (gte === undefined || c >= gte) &&
    (lt === undefined || c < lt) &&
    (lte === undefined || c <= lte);
}
