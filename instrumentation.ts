// Next.js calls register() once when a server process starts.
export async function register(): Promise<void> {
  // Only the Node.js server; the settings module uses Node APIs.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startWebProcess } = await import("@/lib/ops/start-web-process");
  startWebProcess();
}
