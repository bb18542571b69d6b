/** The field names a zod schema reads (objects inside pipes, unions, optionals…), for fuzzing with real names. */
import type { z } from "zod";

type Def = {
  type: string;
  shape?: Record<string, z.ZodType>;
  in?: z.ZodType;
  out?: z.ZodType;
  options?: z.ZodType[];
  innerType?: z.ZodType;
  left?: z.ZodType;
  right?: z.ZodType;
};

export function fieldNames(schema: z.ZodType | undefined, depth = 0): string[] {
  if (!schema || depth > 10) return [];
  const def = (schema as unknown as { _zod: { def: Def } })._zod.def;
  const names = new Set<string>();
  const add = (s: z.ZodType | undefined) => {
    for (const n of fieldNames(s, depth + 1)) names.add(n);
  };
  if (def.shape) for (const key of Object.keys(def.shape)) names.add(key);
  add(def.in);
  add(def.out);
  add(def.innerType);
  add(def.left);
  add(def.right);
  for (const option of def.options ?? []) add(option);
  return [...names];
}
