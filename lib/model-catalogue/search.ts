/** Model discovery over the catalogue: search, filters, paging, and the facet lists. */
import { notFound } from "@/lib/errors";
import { type CatalogueModel, catalogue, PROVIDER_NAMES } from "./catalogue";
import { MODEL_SORTS, type ModelsQuery } from "./schemas";

const SORT_LABELS: Record<(typeof MODEL_SORTS)[number], string> = {
  recommended: "Recommended",
  latest: "Latest",
  newest: "Newest",
  "most-used": "Most used",
  popular: "Popular",
  asc: "Name (A–Z)",
  desc: "Name (Z–A)",
  "sort-asc": "Name (A–Z)",
  "sort-desc": "Name (Z–A)",
};

const byName = (a: CatalogueModel, b: CatalogueModel) =>
  a.name.localeCompare(b.name) || a.id.localeCompare(b.id);

const byRelease = (a: CatalogueModel, b: CatalogueModel) =>
  b.releasedAt.getTime() - a.releasedAt.getTime() || byName(a, b);

const COMPARATORS: Record<ModelsQuery["sort"], (a: CatalogueModel, b: CatalogueModel) => number> = {
  recommended: (a, b) => b.popularity - a.popularity || byName(a, b),
  "most-used": (a, b) => b.popularity - a.popularity || byName(a, b),
  popular: (a, b) => b.popularity - a.popularity || byName(a, b),
  latest: byRelease,
  newest: byRelease,
  asc: byName,
  "sort-asc": byName,
  desc: (a, b) => byName(b, a),
  "sort-desc": (a, b) => byName(b, a),
};

const same = (a: string, b: string | undefined) => b === undefined || a.toLowerCase() === b.toLowerCase();

function matches(m: CatalogueModel, q: ModelsQuery): boolean {
  if (!same(m.feature, q.feature) || !same(m.provider, q.provider) || !same(m.modelType, q.model_type))
    return false;
  if (!same(m.subcategory, q.model_subcategory) || !same(m.baseModel, q.base_model)) return false;
  if (!q.tags.every((t) => m.tags.includes(t))) return false;
  if (!q.search) return true;
  const haystack = [m.id, m.name, m.description, m.provider, m.providerName, m.baseModel, ...m.tags]
    .join(" ")
    .toLowerCase();
  return q.search
    .toLowerCase()
    .split(/\s+/)
    .every((word) => haystack.includes(word));
}

/** One page of the models a query matches. */
export interface ModelPage {
  items: CatalogueModel[];
  total: number;
  page: number;
  perPage: number;
  lastPage: number;
}

export function searchModels(q: ModelsQuery): ModelPage {
  const found = catalogue()
    .filter((m) => matches(m, q))
    .sort(COMPARATORS[q.sort]);
  const lastPage = Math.max(1, Math.ceil(found.length / q.per_page));
  const items = found.slice((q.page - 1) * q.per_page, q.page * q.per_page);
  return { items, total: found.length, page: q.page, perPage: q.per_page, lastPage };
}

/** A facet value and how many models have it, most common first. */
export interface FacetCount {
  value: string;
  count: number;
}

function counts(values: string[]): FacetCount[] {
  const tally = new Map<string, number>();
  for (const v of values) tally.set(v, (tally.get(v) ?? 0) + 1);
  return [...tally]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}

export interface ModelFilters {
  sorts: Array<{ value: (typeof MODEL_SORTS)[number]; label: string }>;
  defaultSort: "recommended";
  features: Array<FacetCount & { label: string }>;
  modelTypes: FacetCount[];
  subcategories: FacetCount[];
  baseModels: FacetCount[];
  providers: Array<FacetCount & { label: string }>;
  tags: FacetCount[];
}

export function modelFilters(): ModelFilters {
  const models = catalogue();
  return {
    sorts: MODEL_SORTS.map((value) => ({ value, label: SORT_LABELS[value] })),
    defaultSort: "recommended",
    features: counts(models.map((m) => m.feature)).map((f) => ({ ...f, label: "Image generation" })),
    modelTypes: counts(models.map((m) => m.modelType)),
    subcategories: counts(models.map((m) => m.subcategory)),
    baseModels: counts(models.map((m) => m.baseModel)),
    providers: counts(models.map((m) => m.provider)).map((p) => ({
      ...p,
      label: PROVIDER_NAMES[p.value] ?? p.value,
    })),
    tags: counts(models.flatMap((m) => m.tags)),
  };
}

/** The tags in use, most common first. */
export function modelTags(): FacetCount[] {
  return counts(catalogue().flatMap((m) => m.tags));
}

/** Who makes the served models, with their display names, most models first. */
export function modelProviders(): Array<FacetCount & { name: string }> {
  return counts(catalogue().map((m) => m.provider)).map((p) => ({
    ...p,
    name: PROVIDER_NAMES[p.value] ?? p.value,
  }));
}

export function getModel(modelId: string): CatalogueModel {
  const model = catalogue().find((m) => m.id === modelId);
  if (!model) throw notFound("Model");
  return model;
}
