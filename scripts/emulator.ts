/**
 * `npm run emulator` (and `npm start` when STRIPE_SECRET_KEY is unset): the Stripe emulator on
 * STRIPE_EMULATOR_HOST:STRIPE_EMULATOR_PORT, state under <data dir>/emulator, webhooks to
 * STRIPE_WEBHOOK_URL (default: the app's /api/stripe/webhook) signed with STRIPE_WEBHOOK_SECRET.
 * Here rather than in emulator/: it reads the app's configuration (lib/env.ts), and the emulator
 * itself imports nothing of the app; this script only calls its start function.
 */
import path from "node:path";
import { startEmulator } from "../emulator/server.ts";
import { env } from "../lib/env.ts";

async function main(): Promise<void> {
  const config = env();
  const { emulatorHost, emulatorPort, webhookUrl, webhookSecret } = config.stripe;
  const emulator = await startEmulator({
    port: emulatorPort,
    host: emulatorHost,
    dataDir: path.join(config.dataDir, "emulator"),
    webhook: { url: webhookUrl, secret: webhookSecret },
  });
  console.log(`Stripe emulator listening on http://${emulatorHost}:${emulator.port}`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    emulator
      .close()
      .catch((error: unknown) => console.error(`[stripe-emulator] error while closing: ${String(error)}`))
      .finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((error: unknown) => {
  const e = error as NodeJS.ErrnoException;
  if (e.code === "EADDRINUSE") {
    console.error(
      `[stripe-emulator] port already in use; stop whatever holds it or set STRIPE_EMULATOR_PORT.`,
    );
  } else {
    console.error(`[stripe-emulator] failed to start: ${e.stack ?? String(error)}`);
  }
  process.exit(1);
});
