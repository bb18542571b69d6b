import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite loads its WASM from disk; bundling it breaks path resolution in server actions.
  serverExternalPackages: ["@electric-sql/pglite", "pino", "ioredis", "@node-rs/argon2"],
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
};

export default nextConfig;
