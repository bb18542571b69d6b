// Prints the validated configuration (without secrets) for scripts/start.mjs; exits 1 with the
// variable names when the configuration is invalid.
import { EnvError, env } from "../lib/env.ts";

try {
  const e = env();
  const safe = {
    port: e.port,
    host: e.host,
    hostWarning: e.hostWarning,
    appUrl: e.appUrl,
    dataDir: e.dataDir,
    localMode: e.localMode,
    database: e.database.kind === "pglite" ? e.database : { kind: "postgres" },
    stripe: { mode: e.stripe.mode, emulatorHost: e.stripe.emulatorHost, emulatorPort: e.stripe.emulatorPort },
    mail: { kind: e.mail.kind },
    instance: e.instance,
    redis: e.redisUrl !== undefined,
    trustedProxies: e.trustedProxies,
    faultPoints: Object.keys(e.faultPoints),
  };
  process.stdout.write(JSON.stringify(safe));
} catch (error) {
  process.stderr.write(error instanceof EnvError ? error.message : String(error));
  process.exit(1);
}
