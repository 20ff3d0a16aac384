// Settings the `npm start` under test runs with, shared by playwright.config.ts and
// the specs that depend on them.
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3917);
// "localhost", not 127.0.0.1: Next.js rewrites loopback addresses to "localhost" in
// the URLs it builds, and a session cookie set for one host is not sent to the other.
export const E2E_BASE_URL = `http://localhost:${E2E_PORT}`;
export const SIGN_IN_LIMIT_PER_EMAIL = 4;
// High: every spec signs in from the same loopback address. The per-IP rule has
// its own integration test.
export const SIGN_IN_LIMIT_PER_IP = 1000;
// The one operator of the server under test (ADMIN_EMAILS); only e2e/admin.spec.ts signs in as it.
export const E2E_ADMIN_EMAIL = "ops-e2e@example.com";
// The scraper's token for GET /api/metrics (METRICS_TOKEN) of the server under test.
export const E2E_METRICS_TOKEN = "e2e-metrics-token-0123456789abcdef";
