/** Builds the Next app when its sources changed since the last build; returns whether it built. */
export function buildIfStale(options?: { force?: boolean }): boolean;
