import { defineConfig } from "drizzle-kit";

// Only `drizzle-kit generate` is used (migrations are applied by the app at boot), so no
// credentials are needed here and the running server's PGlite folder is never opened twice.
export default defineConfig({
  dialect: "postgresql",
  schema: "./lib/db/schema/index.ts",
  out: "./drizzle",
});
