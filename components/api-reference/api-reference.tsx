"use client";
/**
 * The API reference, rendered in the browser by Scalar (installed from npm and bundled with this
 * page only; no CDN) from the document the app serves. Configured to stay on this origin, as the
 * page's Content-Security-Policy requires: no web fonts from Scalar's servers, no telemetry, no
 * proxy, no hosted API client, no "Ask AI" agent or MCP offer (both are Scalar's hosted services).
 */
import { ApiReferenceReact } from "@scalar/api-reference-react";
import "@scalar/api-reference-react/style.css";

export const OPENAPI_URL = "/api/agents/v1/openapi.json";

export function ApiReference() {
  return (
    <div data-testid="api-reference">
      <ApiReferenceReact
        configuration={{
          url: OPENAPI_URL,
          withDefaultFonts: false,
          telemetry: false,
          hideClientButton: true,
          showDeveloperTools: "never",
          forceDarkModeState: "light",
          hideDarkModeToggle: true,
          layout: "modern",
          defaultOpenAllTags: false,
          documentDownloadType: "json",
          agent: { disabled: true },
          mcp: { disabled: true },
        }}
      />
    </div>
  );
}
