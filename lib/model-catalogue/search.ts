/** Model discovery over the catalogue: search, filters, paging, and the facet lists. */
import { notFound } from "@/lib/errors";
import { type CatalogueModel, catalogue, modelDetail, PROVIDER_NAMES } from "./catalogue";
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
  a.model_name.localeCompare(b.model_name) || a.model_id.localeCompare(b.model_id);

const COMPARATORS: Record<ModelsQuery["sort"], (a: CatalogueModel, b: CatalogueModel) => number> = {
  recommended: (a, b) => b.popularity - a.popularity || byName(a, b),
  "most-used": (a, b) => b.popularity - a.popularity || byName(a, b),
  popular: (a, b) => b.popularity - a.popularity || byName(a, b),
  latest: (a, b) => b.created_at.localeCompare(a.created_at) || byName(a, b),
  newest: (a, b) => b.created_at.localeCompare(a.created_at) || byName(a, b),
  asc: byName,
  "sort-asc": byName,
  desc: (a, b) => byName(b, a),
  "sort-desc": (a, b) => byName(b, a),
};

const same = (a: string, b: string | undefined) => b === undefined || a.toLowerCase() === b.toLowerCase();

function matches(m: CatalogueModel, q: ModelsQuery): boolean {
  if (!same(m.feature, q.feature) || !same(m.provider, q.provider) || !same(m.model_type, q.model_type))
    return false;
  if (!same(m.model_subcategory, q.model_subcategory) || !same(m.base_model, q.base_model)) return false;
  if (!q.tags.every((t) => m.tags.includes(t))) return false;
  if (!q.search) return true;
  const haystack = [
    m.model_id,
    m.model_name,
    m.description,
    m.provider,
    m.provider_name,
    m.base_model,
    ...m.tags,
  ]
    .join(" ")
    .toLowerCase();
  return q.search
    .toLowerCase()
    .split(/\s+/)
    .every((word) => haystack.includes(word));
}

export function searchModels(q: ModelsQuery) {
  const found = catalogue()
    .filter((m) => matches(m, q))
    .sort(COMPARATORS[q.sort]);
  const lastPage = Math.max(1, Math.ceil(found.length / q.per_page));
  const items = found.slice((q.page - 1) * q.per_page, q.page * q.per_page);
  return {
    items,
    pagination: {
      total: found.length,
      count: items.length,
      per_page: q.per_page,
      current_page: q.page,
      last_page: lastPage,
      has_more: q.page < lastPage,
    },
  };
}

function counts(values: string[]): Array<{ value: string; count: number }> {
  const tally = new Map<string, number>();
  for (const v of values) tally.set(v, (tally.get(v) ?? 0) + 1);
  return [...tally]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}

export function modelFilters() {
  const models = catalogue();
  return {
    sorts: MODEL_SORTS.map((value) => ({ value, label: SORT_LABELS[value] })),
    default_sort: "recommended",
    features: counts(models.map((m) => m.feature)).map((f) => ({ ...f, label: "Image generation" })),
    model_types: counts(models.map((m) => m.model_type)),
    model_subcategories: counts(models.map((m) => m.model_subcategory)),
    base_models: counts(models.map((m) => m.base_model)),
    providers: counts(models.map((m) => m.provider)).map((p) => ({
      ...p,
      label: PROVIDER_NAMES[p.value] ?? p.value,
    })),
    tags: counts(models.flatMap((m) => m.tags)),
  };
}

export function modelTags() {
  return counts(catalogue().flatMap((m) => m.tags)).map(({ value, count }) => ({
    tag: value,
    model_count: count,
  }));
}

export function modelProviders() {
  return counts(catalogue().map((m) => m.provider)).map(({ value, count }) => ({
    provider: value,
    name: PROVIDER_NAMES[value] ?? value,
    model_count: count,
  }));
}

export function getModel(modelId: string) {
  const model = catalogue().find((m) => m.model_id === modelId);
  if (!model) throw notFound("Model");
  return modelDetail(model);
}
