// Runs once when the web server starts: its environment is validated then,
// so that a bad or missing variable stops the process at once with a message
// naming it, instead of failing the first request that reads it.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { EnvError, loadEnv } = await import("@unblind/platform/config/env.ts");
  try {
    loadEnv();
  } catch (error) {
    console.error(error instanceof EnvError ? error.message : error);
    process.exit(1);
  }
}
