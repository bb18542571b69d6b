import "@/tests/helpers/test-env";
import assert from "node:assert/strict";
import { createServer, type Server, type Socket } from "node:net";
import { afterEach, test } from "node:test";
import { resetEnvCache } from "@/lib/env";
import { stripeAvailability } from "./availability";

let server: Server | null = null;
const sockets: Socket[] = [];

afterEach(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
  delete process.env.STRIPE_EMULATOR_PORT;
  resetEnvCache();
});

/** A listener that accepts and never answers, like an emulator whose event loop is busy. */
async function silentListener(): Promise<number> {
  server = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return (server.address() as { port: number }).port;
}

test("an emulator slower than the probe is still reported present (it accepts connections)", async () => {
  process.env.STRIPE_EMULATOR_PORT = String(await silentListener());
  resetEnvCache();
  assert.equal(await stripeAvailability(), "emulator");
});

test("a port where nothing listens is unconfigured", async () => {
  const port = await silentListener();
  await new Promise<void>((resolve) => server!.close(() => resolve()));
  server = null;
  process.env.STRIPE_EMULATOR_PORT = String(port);
  resetEnvCache();
  assert.equal(await stripeAvailability(), "unconfigured");
});
