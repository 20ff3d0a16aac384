import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "../../db/client";
import { createScratchDatabase } from "../../db/__tests__/support/scratch-database";
import { createBoss } from "../../queue/boss";
import { checkHealth } from "../check-health";

describe("checkHealth", () => {
  const opened: ReturnType<typeof createDb>[] = [];
  afterAll(async () => Promise.all(opened.map((database) => database.$disconnect())));

  it("reports the database and the installed queue schema as up", async () => {
    const url = await createScratchDatabase({ migrated: true });
    // Installing pg-boss' schema is what a worker does on start.
    const boss = createBoss({ role: "web", connectionString: url });
    await boss.start();
    await boss.stop({ graceful: false });

    const database = createDb(url);
    opened.push(database);
    const report = await checkHealth(database);
    expect(report).toMatchObject({ status: "ok", database: { status: "up" }, queue: { status: "up" } });
  });

  it("is degraded when no worker has installed the queue yet, without leaking internals", async () => {
    const database = createDb(await createScratchDatabase({ migrated: true }));
    opened.push(database);
    const report = await checkHealth(database);
    expect(report.status).toBe("degraded");
    expect(report.database.status).toBe("up");
    expect(report.queue).toEqual({ status: "down", error: "unreachable or not installed" });
  });
});
