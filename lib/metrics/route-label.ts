/**
 * A request's route pattern for metric labels (`/api/agents/v1/payments/[id]/status`), so ids in
 * paths do not make one time series per object.
 */
type Params = Record<string, string | string[]>;

const decode = (segment: string) => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

export function routeLabel(pathname: string, params: Params): string {
  const names = new Map<string, string>();
  for (const [name, value] of Object.entries(params)) {
    if (Array.isArray(value)) for (const part of value) names.set(part, `[...${name}]`);
    else names.set(value, `[${name}]`);
  }
  if (names.size === 0) return pathname;
  const out: string[] = [];
  for (const segment of pathname.split("/")) {
    const label = names.get(decode(segment)) ?? segment;
    // A catch-all's segments collapse into one label.
    if (label.startsWith("[...") && out.at(-1) === label) continue;
    out.push(label);
  }
  return out.join("/");
}
