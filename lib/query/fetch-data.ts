/** The browser side of /dashboard/data/{resource}: JSON in, a readable Error out. */
import { type Resource, resourceUrl } from "./keys";

export class DataError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "DataError";
  }
}

export async function fetchData<T>(
  resource: Resource,
  params?: Record<string, string | number | undefined>,
): Promise<T> {
  const res = await fetch(resourceUrl(resource, params), { headers: { accept: "application/json" } });
  if (res.status === 401) {
    // The session ended (signed out elsewhere, password changed): back to sign-in, then here.
    window.location.assign(`/login?next=${encodeURIComponent(window.location.pathname)}`);
    throw new DataError("Your session has ended.", 401);
  }
  const body = (await res.json().catch(() => null)) as { message?: string } | T | null;
  if (!res.ok) {
    const message =
      body && typeof body === "object" && "message" in body && typeof body.message === "string"
        ? body.message
        : `Could not load ${resource} (HTTP ${res.status}).`;
    throw new DataError(message, res.status);
  }
  return body as T;
}
