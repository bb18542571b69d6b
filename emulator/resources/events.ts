/** Events (30-day retention) and webhook endpoints created through the API. */
import type Stripe from "stripe";
import type { Engine } from "../engine";
import { invalidRequest, noSuch } from "../http/errors";
import { createdFilter, LIST_PARAMS, paginate } from "../http/lists";
import { applyMetadata } from "../http/params";
import type { Router } from "../http/router";
import { newId, randomBase62 } from "../ids";

const RETENTION_SECONDS = 30 * 86400;

function typeMatches(pattern: string, type: string): boolean {
  return pattern.endsWith(".*") ? type.startsWith(pattern.slice(0, -1)) : pattern === type;
}

/** Keeps the newest events only, so a long-running emulator's state file stays small. */
const MAX_EVENTS = 20_000;

/** Drops events older than 30 days (virtual time), as Stripe's retention does. */
export function pruneEvents(engine: Engine): void {
  const cutoff = engine.now() - RETENTION_SECONDS;
  const events = engine.store.state.objects.event;
  let excess = Object.keys(events).length - MAX_EVENTS;
  for (const [id, event] of Object.entries(events)) {
    if (event.created >= cutoff && excess <= 0) break;
    delete events[id];
    excess -= 1;
  }
}

export function registerEvents(router: Router): void {
  router.get("/v1/events/:id", ({ engine, pathParams }) => {
    const e = engine.store.get("event", pathParams.id ?? "");
    if (!e) throw noSuch("event", pathParams.id ?? "");
    return e;
  });

  router.get(
    "/v1/events",
    ({ engine, params }) => {
      const type = params.text("type");
      const types = params.strings("types");
      if (type && types)
        throw invalidRequest("You may only specify one of these parameters: type, types.", {
          param: "types",
        });
      const created = createdFilter(params);
      const deliverySuccess = params.bool("delivery_success");
      let delivered: Set<string> | undefined;
      if (deliverySuccess !== undefined) {
        delivered = new Set(
          engine.store.state.deliveries.filter((d) => d.status === "succeeded").map((d) => d.eventId),
        );
      }
      const items = engine.store.all("event").filter((e) => {
        if (type && !typeMatches(type, e.type)) return false;
        if (types && !types.some((t) => typeMatches(t, e.type))) return false;
        if (!created(e.created)) return false;
        if (delivered && delivered.has(e.id) !== deliverySuccess) return false;
        return true;
      });
      return paginate(items, params, "/v1/events", "event");
    },
    { params: [...LIST_PARAMS, "type", "types", "created", "delivery_success"] },
  );

  router.post(
    "/v1/webhook_endpoints",
    ({ engine, params }) => {
      const url = params.required("url");
      if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
        throw invalidRequest("Invalid URL: URL must be publicly accessible and use http or https.", {
          param: "url",
          code: "url_invalid",
        });
      }
      const enabled = params.strings("enabled_events");
      if (!enabled || enabled.length === 0) {
        throw invalidRequest("Missing required param: enabled_events.", {
          param: "enabled_events",
          code: "parameter_missing",
        });
      }
      const endpoint: Stripe.WebhookEndpoint = {
        id: newId("we_"),
        object: "webhook_endpoint",
        api_version: params.text("api_version") ?? null,
        application: null,
        created: engine.now(),
        description: params.text("description") ?? null,
        enabled_events: enabled,
        livemode: false,
        metadata: applyMetadata({}, params),
        status: "enabled",
        url,
      };
      const secret = `whsec_${randomBase62(32)}`;
      engine.store.put("webhook_endpoint", endpoint);
      engine.store.state.webhookSecrets[endpoint.id] = secret;
      // The secret is shown only in the create response, as on Stripe.
      return { ...endpoint, secret };
    },
    { params: ["url", "enabled_events", "description", "metadata", "api_version", "connect"] },
  );

  router.get("/v1/webhook_endpoints/:id", ({ engine, pathParams }) => {
    const we = engine.store.get("webhook_endpoint", pathParams.id ?? "");
    if (!we || engine.store.state.deleted[we.id]) throw noSuch("webhook_endpoint", pathParams.id ?? "");
    return we;
  });

  router.post(
    "/v1/webhook_endpoints/:id",
    ({ engine, pathParams, params }) => {
      const we = engine.store.get("webhook_endpoint", pathParams.id ?? "");
      if (!we || engine.store.state.deleted[we.id]) throw noSuch("webhook_endpoint", pathParams.id ?? "");
      if (params.has("url")) we.url = params.required("url");
      const enabled = params.strings("enabled_events");
      if (enabled) we.enabled_events = enabled;
      if (params.has("disabled")) we.status = params.bool("disabled") ? "disabled" : "enabled";
      if (params.has("description")) we.description = params.nullableText("description") ?? null;
      we.metadata = applyMetadata(we.metadata, params);
      engine.store.markDirty();
      return we;
    },
    { params: ["url", "enabled_events", "disabled", "description", "metadata"] },
  );

  router.delete("/v1/webhook_endpoints/:id", ({ engine, pathParams }) => {
    const we = engine.store.get("webhook_endpoint", pathParams.id ?? "");
    if (!we || engine.store.state.deleted[we.id]) throw noSuch("webhook_endpoint", pathParams.id ?? "");
    engine.store.state.deleted[we.id] = true;
    engine.store.markDirty();
    return { id: we.id, object: "webhook_endpoint", deleted: true };
  });

  router.get(
    "/v1/webhook_endpoints",
    ({ engine, params }) => {
      const items = engine.store.all("webhook_endpoint").filter((we) => !engine.store.state.deleted[we.id]);
      return paginate(items, params, "/v1/webhook_endpoints", "webhook_endpoint");
    },
    { params: LIST_PARAMS },
  );
}
