import type { Metadata } from "next";
import { headers } from "next/headers";
import { ApiReference } from "@/components/api-reference/api-reference";

export const metadata: Metadata = {
  title: "API reference",
  description:
    "The Onramp agents API: every route, its request, its answers and errors, from the OpenAPI document.",
};

/** /docs/api: the agents API reference, rendered from GET /api/agents/v1/openapi.json. */
export default async function ApiReferencePage() {
  // Per request, so Next puts the proxy's CSP nonce on this page's scripts.
  await headers();
  return (
    <div>
      <div className="border-b border-slate-200 bg-slate-50">
        <p className="mx-auto max-w-6xl px-4 py-3 text-sm text-slate-700 sm:px-6">
          The machine-readable contract:{" "}
          <a className="font-medium text-slate-900 underline" href="/api/agents/v1/openapi.json">
            openapi.json
          </a>{" "}
          (OpenAPI 3.1) · what changed:{" "}
          <a className="font-medium text-slate-900 underline" href="/api/agents/v1/changelog">
            changelog
          </a>{" "}
          · for language models:{" "}
          <a className="font-medium text-slate-900 underline" href="/llms.txt">
            llms.txt
          </a>
        </p>
      </div>
      <ApiReference />
    </div>
  );
}
