import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { CatalogueModel } from "@/lib/model-catalogue/catalogue";
import { presentModel, presentModelDetail, presentModelPage } from "./models";

/** A model configured on this server that the catalogue knows nothing about, priced up to 768². */
const custom: CatalogueModel = {
  id: "house-style",
  name: "house-style",
  description: "A model configured on this server.",
  provider: "custom",
  providerName: "Custom",
  feature: "imagen",
  modelType: "image",
  subcategory: "text-to-image",
  baseModel: "custom",
  tags: [],
  status: "active",
  servedBy: "upstream",
  releasedAt: new Date("2026-01-01T00:00:00Z"),
  popularity: 0,
  pricing: {
    unit: "image",
    fromMinor: 3,
    sizes: [
      { size: "512x512", width: 512, height: 512, pixels: 262_144, unitMinor: 3 },
      { size: "768x768", width: 768, height: 768, pixels: 589_824, unitMinor: 5 },
    ],
  },
  maxSize: "768x768",
};

type Schema = {
  properties: Record<string, Record<string, unknown>>;
  required: string[];
};
type Endpoint = { name: string; parameters: Schema; config: Array<Record<string, unknown>> };

describe("the model catalogue on the wire", () => {
  test("a model: the reference's field names, USD prices per size", () => {
    assert.deepEqual(presentModel(custom), {
      model_id: "house-style",
      model_name: "house-style",
      name: "house-style",
      description: "A model configured on this server.",
      provider: "custom",
      provider_name: "Custom",
      feature: "imagen",
      model_type: "image",
      model_subcategory: "text-to-image",
      base_model: "custom",
      tags: [],
      status: "active",
      served_by: "upstream",
      created_at: "2026-01-01T00:00:00.000Z",
      popularity: 0,
      pricing: {
        currency: "USD",
        unit: "image",
        from: 0.03,
        sizes: [
          { size: "512x512", width: 512, height: 512, price: 0.03 },
          { size: "768x768", width: 768, height: 768, price: 0.05 },
        ],
      },
      max_size: "768x768",
    });
  });

  test("a page: the items, the pagination block and the envelope's meta", () => {
    const { body, meta } = presentModelPage({ items: [custom], total: 3, page: 2, perPage: 1, lastPage: 3 });
    assert.deepEqual(body.pagination, {
      total: 3,
      count: 1,
      per_page: 1,
      current_page: 2,
      last_page: 3,
      has_more: true,
    });
    assert.deepEqual(meta, { total: 3, per_page: 1, current_page: 2, last_page: 3 });
    assert.equal(body.items[0]?.model_id, "house-style");
  });

  test("each endpoint's JSON Schema is the route's own, narrowed to this model", () => {
    const detail = presentModelDetail(custom);
    const [v6, v7] = detail.endpoints as unknown as [Endpoint, Endpoint];
    assert.equal(v6.name, "text2img");
    assert.equal(v6.parameters.properties.model_id?.const, "house-style");
    assert.equal(v6.parameters.properties.model_id?.default, "house-style");
    assert.deepEqual([...v6.parameters.required].sort(), ["key", "model_id", "prompt"]);
    assert.match(
      String(v6.parameters.properties.width?.description),
      / width × height must fit in 768x768\.$/,
    );
    assert.match(
      String(v6.parameters.properties.height?.description),
      / width × height must fit in 768x768\.$/,
    );
    // Defaults the schema applies to a left-out field are written into the schema.
    assert.equal(v6.parameters.properties.samples?.default, 1);
    assert.equal(v6.parameters.properties.num_inference_steps?.default, 30);
    assert.equal(v7.parameters.required.includes("key"), false, "v7 also takes the key in a header");

    const field = (name: string) => v6.config.find((c) => c.name === name);
    assert.equal(field("key"), undefined, "the key is never a form field");
    assert.equal(field("webhook"), undefined);
    assert.deepEqual(field("prompt"), {
      name: "prompt",
      label: "Prompt",
      type: "textarea",
      required: true,
      description: "What the image should show.",
    });
    assert.equal(field("safety_checker")?.type, "select");
    assert.deepEqual(field("safety_checker")?.options, ["yes", "no"]);
    assert.deepEqual(
      [field("width")?.min, field("width")?.max, field("width")?.step, field("width")?.default],
      [64, 1024, 8, 512],
    );
  });
});
