export function buildIsFresh(root: string): boolean;
export function sourceHash(root: string): string;
export function stampPath(root: string): string;
