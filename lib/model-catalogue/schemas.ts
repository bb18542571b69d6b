/** Query of GET /models: the reference's filters, both sort vocabularies, `tags[]=` or a comma list. */
import { z } from "zod";

export const MODEL_SORTS = [
  "recommended",
  "latest",
  "newest",
  "most-used",
  "popular",
  "asc",
  "desc",
  "sort-asc",
  "sort-desc",
] as const;

const filter = z.string().trim().min(1).max(100).optional();

export const modelsQuerySchema = z.object({
  search: z.string().trim().max(200).optional(),
  feature: filter,
  provider: filter,
  model_type: filter,
  model_subcategory: filter,
  base_model: filter,
  tags: z
    .union([z.string().max(500), z.array(z.string().max(100)).max(20)])
    .optional()
    .transform((v) =>
      (Array.isArray(v) ? v : (v ?? "").split(",")).map((t) => t.trim().toLowerCase()).filter(Boolean),
    ),
  sort: z.enum(MODEL_SORTS).default("recommended"),
  per_page: z.coerce.number().int().min(1).max(100).default(20),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});

export type ModelsQuery = z.output<typeof modelsQuerySchema>;
