// isDatabaseUnavailable on the errors the real clients throw: Prisma 7 (pg adapter),
// node-postgres and pg-boss against a closed port, a server that hangs up, and a
// connection the real PostgreSQL terminates; and on failures that are not outages.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { PgBoss } from "pg-boss";
import { afterAll, describe, expect, it } from "vitest";
import { createDb, db } from "../client";
import { isDatabaseUnavailable } from "../is-database-unavailable";
import { closedLoopbackPort, databaseUrlAt, hangUpServer } from "./support/closed-port";

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

const clients: { $disconnect(): Promise<void> }[] = [];
function prismaAt(url: string) {
  const client = createDb(url);
  clients.push(client);
  return client;
}
afterAll(async () => {
  await Promise.all(clients.map((client) => client.$disconnect()));
});

describe("isDatabaseUnavailable: nobody listening (a stopped PostgreSQL)", async () => {
  const url = databaseUrlAt(await closedLoopbackPort());

  it("recognises Prisma's query, raw query and transaction errors", async () => {
    const prisma = prismaAt(url);
    const attempts = [() => prisma.user.count(), () => prisma.$queryRaw`SELECT 1`, () => prisma.$transaction(async (tx) => tx.user.count())];
    for (const attempt of attempts) {
      const error = await rejection(attempt());
      expect(error).toBeInstanceOf(Error);
      expect(isDatabaseUnavailable(error)).toBe(true);
    }
  });

  it("recognises node-postgres' client and pool errors", async () => {
    const client = new pg.Client({ connectionString: url });
    expect(isDatabaseUnavailable(await rejection(client.connect()))).toBe(true);
    const pool = new pg.Pool({ connectionString: url });
    expect(isDatabaseUnavailable(await rejection(pool.query("SELECT 1")))).toBe(true);
    await pool.end();
  });

  it("recognises pg-boss failing to start", async () => {
    const boss = new PgBoss({ connectionString: url });
    boss.on("error", () => {});
    expect(isDatabaseUnavailable(await rejection(boss.start()))).toBe(true);
  });
});

describe("isDatabaseUnavailable: a server that goes away mid-conversation", () => {
  it("recognises the connection being cut during the handshake", async () => {
    const server = await hangUpServer();
    try {
      const url = databaseUrlAt(server.port);
      expect(isDatabaseUnavailable(await rejection(prismaAt(url).user.count()))).toBe(true);
      expect(isDatabaseUnavailable(await rejection(new pg.Client({ connectionString: url }).connect()))).toBe(true);
    } finally {
      await server.close();
    }
  });

  it("recognises PostgreSQL terminating the connection (57P01, as a fast shutdown does)", async () => {
    const prisma = prismaAt(process.env.DATABASE_URL ?? "");
    expect(isDatabaseUnavailable(await rejection(prisma.$queryRaw`SELECT pg_terminate_backend(pg_backend_pid())`))).toBe(true);

    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    client.on("error", () => {});
    await client.connect();
    const error = await rejection(client.query("SELECT pg_terminate_backend(pg_backend_pid())"));
    expect(error).toMatchObject({ code: "57P01" });
    expect(isDatabaseUnavailable(error)).toBe(true);
    await client.end().catch(() => {});
  });
});

describe("isDatabaseUnavailable: failures that are not an outage", () => {
  it("says no to query errors of a reachable database", async () => {
    const email = `twice-${randomUUID()}@example.com`;
    await db().user.create({ data: { email } });
    const duplicate = await rejection(db().user.create({ data: { email } }));
    expect(duplicate).toMatchObject({ code: "P2002" });
    expect(isDatabaseUnavailable(duplicate)).toBe(false);
    expect(isDatabaseUnavailable(await rejection(db().$queryRaw`SELECT * FROM no_such_table`))).toBe(false);

    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      expect(isDatabaseUnavailable(await rejection(client.query("SELEC 1")))).toBe(false);
    } finally {
      await client.end();
    }
  });

  it("says no to other network failures and to anything that is not an error", async () => {
    // fetch wraps its socket error; an unreachable email provider is not the database.
    const fetchError = await rejection(fetch(`http://127.0.0.1:${await closedLoopbackPort()}/`));
    expect(fetchError).toMatchObject({ cause: { code: "ECONNREFUSED" } });
    expect(isDatabaseUnavailable(fetchError)).toBe(false);
    for (const value of [new Error("Connection refused by policy"), null, undefined, "ECONNREFUSED", { code: "P2002" }]) {
      expect(isDatabaseUnavailable(value)).toBe(false);
    }
  });
});
