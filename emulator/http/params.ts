/**
 * Typed reads of a parsed form with Stripe's validation errors. Param names in errors use the
 * bracket path the client sent (`items[0][price]`), as Stripe's do.
 */
import { invalidRequest, missingParam } from "./errors";
import { type FormObject, type FormValue, isFormObject } from "./form-encoding";

export class Params {
  constructor(
    readonly raw: FormObject,
    private readonly prefix = "",
  ) {}

  name(key: string): string {
    return this.prefix ? `${this.prefix}[${key}]` : key;
  }

  has(key: string): boolean {
    return this.raw[key] !== undefined;
  }

  /** Present with an empty value: Stripe's "unset this field". */
  isEmpty(key: string): boolean {
    return this.raw[key] === "";
  }

  keys(): string[] {
    return Object.keys(this.raw);
  }

  /** Rejects keys outside `allowed` (top level only; nested shapes are read leniently). */
  allowOnly(allowed: readonly string[]): void {
    for (const key of Object.keys(this.raw)) {
      if (!allowed.includes(key)) {
        const name = this.name(key);
        throw invalidRequest(`Received unknown parameter: ${name}`, {
          param: name,
          code: "parameter_unknown",
        });
      }
    }
  }

  str(key: string): string | undefined {
    const v = this.raw[key];
    if (v === undefined) return undefined;
    if (typeof v !== "string")
      throw invalidRequest(`Invalid string: ${this.name(key)}`, { param: this.name(key) });
    return v;
  }

  /** A string that must not be empty when present. */
  text(key: string, opts: { required?: boolean; max?: number } = {}): string | undefined {
    const v = this.str(key);
    if (v === undefined || v === "") {
      if (opts.required) throw missingParam(this.name(key));
      return undefined;
    }
    if (opts.max !== undefined && v.length > opts.max) {
      throw invalidRequest(`Invalid ${this.name(key)}: must be at most ${opts.max} characters`, {
        param: this.name(key),
      });
    }
    return v;
  }

  required(key: string): string {
    const v = this.text(key, { required: true });
    return v as string;
  }

  /** "" → null (unset), absent → undefined. */
  nullableText(key: string): string | null | undefined {
    const v = this.str(key);
    if (v === undefined) return undefined;
    return v === "" ? null : v;
  }

  int(key: string, opts: { required?: boolean; min?: number; max?: number } = {}): number | undefined {
    const v = this.str(key);
    if (v === undefined || v === "") {
      if (opts.required) throw missingParam(this.name(key));
      return undefined;
    }
    if (!/^-?\d+$/.test(v.trim())) {
      throw invalidRequest(`Invalid integer: ${v}`, {
        param: this.name(key),
        code: "parameter_invalid_integer",
      });
    }
    const n = Number(v);
    if (!Number.isSafeInteger(n)) {
      throw invalidRequest(`Invalid integer: ${v}`, {
        param: this.name(key),
        code: "parameter_invalid_integer",
      });
    }
    if (opts.min !== undefined && n < opts.min) {
      throw invalidRequest(`This value must be greater than or equal to ${opts.min}.`, {
        param: this.name(key),
        code: "parameter_invalid_integer",
      });
    }
    if (opts.max !== undefined && n > opts.max) {
      throw invalidRequest(`This value must be less than or equal to ${opts.max}.`, {
        param: this.name(key),
        code: "parameter_invalid_integer",
      });
    }
    return n;
  }

  bool(key: string): boolean | undefined {
    const v = this.str(key);
    if (v === undefined || v === "") return undefined;
    if (v === "true") return true;
    if (v === "false") return false;
    throw invalidRequest(`Invalid boolean: ${v}`, {
      param: this.name(key),
      code: "parameter_invalid_boolean",
    });
  }

  oneOf<T extends string>(
    key: string,
    values: readonly T[],
    opts: { required?: boolean } = {},
  ): T | undefined {
    const v = this.text(key, opts);
    if (v === undefined) return undefined;
    if (!(values as readonly string[]).includes(v)) {
      throw invalidRequest(`Invalid ${this.name(key)}: must be one of ${values.join(", ")}`, {
        param: this.name(key),
      });
    }
    return v as T;
  }

  obj(key: string): Params | undefined {
    const v = this.raw[key];
    if (v === undefined || v === "") return undefined;
    if (!isFormObject(v)) throw invalidRequest(`Invalid object`, { param: this.name(key) });
    return new Params(v, this.name(key));
  }

  /** Arrays arrive as `a[0]`, `a[]` or (one element) plain `a`. */
  list(key: string): FormValue[] | undefined {
    const v = this.raw[key];
    if (v === undefined) return undefined;
    if (v === "") return [];
    if (Array.isArray(v)) return v;
    if (isFormObject(v)) {
      const keys = Object.keys(v);
      if (keys.every((k) => /^\d+$/.test(k))) {
        return keys.sort((a, b) => Number(a) - Number(b)).map((k) => v[k] as FormValue);
      }
      throw invalidRequest(`Invalid array`, { param: this.name(key) });
    }
    return [v];
  }

  strings(key: string): string[] | undefined {
    const items = this.list(key);
    if (items === undefined) return undefined;
    return items.map((item, i) => {
      if (typeof item !== "string")
        throw invalidRequest("Invalid array", { param: `${this.name(key)}[${i}]` });
      return item;
    });
  }

  /** Array of objects, each wrapped with its indexed name for error params. */
  objects(key: string): Params[] | undefined {
    const items = this.list(key);
    if (items === undefined) return undefined;
    return items.map((item, i) => {
      if (!isFormObject(item)) throw invalidRequest("Invalid array", { param: `${this.name(key)}[${i}]` });
      return new Params(item, `${this.name(key)}[${i}]`);
    });
  }

  /** Timestamp param, also accepting `now` where Stripe does. */
  timestamp(key: string, opts: { allowNow?: boolean; now?: number } = {}): number | "now" | undefined {
    const v = this.str(key);
    if (v === undefined || v === "") return undefined;
    if (opts.allowNow && v === "now") return "now";
    return this.int(key);
  }
}

/**
 * Metadata update semantics: `metadata=` clears all, `metadata[k]=` deletes k, other keys merge.
 * Limits: 50 keys, key ≤ 40 chars, value ≤ 500 chars.
 */
export function applyMetadata(
  current: Record<string, string>,
  params: Params,
  key = "metadata",
): Record<string, string> {
  if (!params.has(key)) return current;
  if (params.isEmpty(key)) return {};
  const raw = params.raw[key];
  if (!isFormObject(raw))
    throw invalidRequest("Invalid metadata: must be an object", { param: params.name(key) });
  const next = { ...current };
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v !== "string") {
      throw invalidRequest("Invalid metadata value: must be a string", {
        param: `${params.name(key)}[${k}]`,
      });
    }
    if (k.length > 40) {
      throw invalidRequest(`Metadata keys can have up to 40 characters; ${k} has ${k.length}.`, {
        param: `${params.name(key)}[${k}]`,
      });
    }
    if (v.length > 500) {
      throw invalidRequest(
        `Metadata values can have up to 500 characters, but you passed in a value that is ${v.length} characters.`,
        {
          param: `${params.name(key)}[${k}]`,
        },
      );
    }
    if (v === "") delete next[k];
    else next[k] = v;
  }
  if (Object.keys(next).length > 50) {
    throw invalidRequest("You can specify up to 50 keys in metadata.", { param: params.name(key) });
  }
  return next;
}
