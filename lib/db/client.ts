// The Prisma client, one per process. Uses the pg driver adapter (Prisma 7).
import { PrismaPg } from "@prisma/adapter-pg";
import { databaseUrl } from "../env";
import { type Prisma, PrismaClient } from "./generated/client";

export type Db = PrismaClient;
/** The client inside `db().$transaction(async (tx) => …)`. */
export type Tx = Prisma.TransactionClient;

const globalForPrisma = globalThis as unknown as { tidingsPrisma?: PrismaClient };

/**
 * How long a query waits for a new connection. node-postgres waits forever by default:
 * a database host that stops answering (rather than refusing) would hold every request
 * until the client gave up. Past this, the request fails and is answered 503.
 */
export const CONNECT_TIMEOUT_MS = 5_000;

/** Creates a client for a given database; tests use it for their throwaway databases. */
export function createDb(connectionString: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, connectionTimeoutMillis: CONNECT_TIMEOUT_MS }) });
}

/** The process-wide client. Kept on globalThis so Next's hot reload does not leak pools. */
export function db(): PrismaClient {
  globalForPrisma.tidingsPrisma ??= createDb(databaseUrl());
  return globalForPrisma.tidingsPrisma;
}
