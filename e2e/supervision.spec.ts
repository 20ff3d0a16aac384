// `npm start` heals itself: a web server, worker or embedded database killed outright
// (kill -9) is started again while the rest keeps serving, and only a part that keeps
// dying stops everything, with one clear message. Against an `npm start` of its own.
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { generateApiToken } from "../lib/api-tokens/api-token-format";
import { OwnTidings } from "./support/own-tidings";

test.describe.configure({ mode: "serial" });

let tidings: OwnTidings;
let token: string;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  tidings = await OwnTidings.start();
  await expect.poll(() => tidings.healthStatus(), { timeout: 200_000, intervals: [1000] }).toBe(200);
  // A person with an API token, straight into the database: this spec is about processes, not sign-in.
  const secret = generateApiToken();
  token = secret.token;
  await tidings.withDatabase(async (client) => {
    const userId = randomUUID();
    await client.query(`INSERT INTO "User" (id, email, "updatedAt") VALUES ($1, $2, now())`, [userId, `supervision-${userId}@example.com`]);
    await client.query(`INSERT INTO "ApiToken" (id, "userId", name, prefix, "tokenHash") VALUES ($1, $2, 'supervision', $3, $4)`, [
      randomUUID(),
      userId,
      secret.prefix,
      secret.tokenHash,
    ]);
  });
});

test.afterAll(async ({}, testInfo) => {
  if (!tidings) return;
  await testInfo.attach("npm start output", { body: tidings.log(), contentType: "text/plain" });
  await tidings.stop();
});

/** Uploads a small CSV through the API and waits until the worker has processed it. */
async function uploadAndWaitForBatch(): Promise<void> {
  const form = new FormData();
  form.append("files", new Blob(["email\nada@example.com\nnot-an-address\n"], { type: "text/csv" }), "contacts.csv");
  const headers = { authorization: `Bearer ${token}` };
  const created = await fetch(`${tidings.baseUrl}/api/v1/batches`, { method: "POST", body: form, headers });
  expect(created.status).toBe(202);
  const { batch } = (await created.json()) as { batch: { id: string } };
  await expect
    .poll(
      async () => {
        const response = await fetch(`${tidings.baseUrl}/api/v1/batches/${batch.id}`, { headers });
        return ((await response.json()) as { batch: { status: string } }).batch.status;
      },
      { timeout: 60_000, intervals: [500] },
    )
    .toBe("completed");
}

test("a worker killed outright is started again, and batches are still processed; the web server keeps serving", async () => {
  test.setTimeout(120_000);
  const web = tidings.pid("web");
  const killed = tidings.kill("worker");

  expect(await tidings.healthStatus()).toBe(200);
  await expect.poll(() => tidings.restarts("worker"), { timeout: 60_000 }).toBe(1);
  expect(tidings.pid("worker")).not.toBe(killed);
  expect(tidings.log()).toContain("The worker was killed by SIGKILL. Restarting it in 1 s");
  await uploadAndWaitForBatch();
  expect(tidings.pid("web")).toBe(web);
});

test("a web server killed outright is started again; the worker runs on", async () => {
  test.setTimeout(120_000);
  const worker = tidings.pid("worker");
  const killed = tidings.kill("web");

  await expect.poll(() => tidings.restarts("web"), { timeout: 60_000 }).toBe(1);
  expect(tidings.pid("web")).not.toBe(killed);
  await expect.poll(() => tidings.healthStatus(), { timeout: 60_000, intervals: [500] }).toBe(200);
  expect(tidings.log()).toContain("The web server was killed by SIGKILL. Restarting it in");
  expect(tidings.pid("worker")).toBe(worker);
});

test("a database killed outright is started again on the same data, and its outage is logged without a flood", async () => {
  test.setTimeout(150_000);
  await tidings.withDatabase((client) => client.query(`CREATE TABLE supervision_kept (note TEXT); INSERT INTO supervision_kept VALUES ('written before')`));
  const logBefore = tidings.log().length;
  const killed = tidings.kill("database");

  await expect.poll(() => tidings.restarts("database"), { timeout: 60_000 }).toBe(1);
  expect(tidings.pid("database")).not.toBe(killed);
  await expect.poll(() => tidings.healthStatus(), { timeout: 60_000, intervals: [500] }).toBe(200);
  const rows = await tidings.withDatabase((client) => client.query<{ note: string }>("SELECT note FROM supervision_kept"));
  expect(rows.rows).toEqual([{ note: "written before" }]);
  // The web server and worker found it again: a new batch goes all the way through.
  await uploadAndWaitForBatch();

  // Every queue's worker failed its polls alike; each distinct error was written once.
  const outageErrors = tidings
    .log()
    .slice(logBefore)
    .split("\n")
    .filter((line) => line.startsWith("worker") && line.includes("queue.error") && !line.includes("… repeated"))
    .map((line) => line.replace(/^.*?queue\.error/, "").replace(/ \(Queue: .*$/, ""));
  expect(outageErrors.length).toBeGreaterThan(0);
  expect(outageErrors).toEqual([...new Set(outageErrors)]);
  // …and then summed up with a count.
  await expect.poll(() => /queue\.error {2}pg-boss error … repeated \d+ times? in the last 30 s/.test(tidings.log().slice(logBefore)), { timeout: 90_000 }).toBe(true);
});

test("a worker that keeps crashing stops npm start with one clear message", async () => {
  test.setTimeout(180_000);
  // Kill every worker it starts, as a worker failing at start-up would die, until npm start gives up.
  let stopped = false;
  void tidings.exited.then(() => (stopped = true));
  let killed: number | undefined;
  while (!stopped) {
    const worker = tidings.pid("worker");
    if (worker && worker !== killed) {
      process.kill(worker, "SIGKILL");
      killed = worker;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  expect(await tidings.exited).toBe(1);
  const log = tidings.log();
  expect(log).toMatch(/✖ The worker was killed by SIGKILL: that is 5 crashes within 2 min, so restarting it does not help\. Tidings stops; the worker's output above says why it fails\.\n+$/);
  expect(log).toContain("Stopped. Data is kept in");
  expect(tidings.pid("database")).toBeUndefined(); // the status file is gone with everything it listed
});
