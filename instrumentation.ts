// Runs once when the server starts: open and migrate the database before the first request, so a
// locked data folder or a bad DATABASE_URL stops the boot with a clear message.
export async function register(): Promise<void> {
  // biome-ignore lint/style/noProcessEnv: NEXT_RUNTIME is inlined by Next at build time, not configuration.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { boot } = await import("./lib/boot");
  await boot();
}
