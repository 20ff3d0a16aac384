// The Prisma client, one per process. Uses the pg driver adapter (Prisma 7).
import { PrismaPg } from "@prisma/adapter-pg";
import { databaseUrl } from "../env";
import { type Prisma, PrismaClient } from "./generated/client";

export type Db = PrismaClient;
/** The client inside `db().$transaction(async (tx) => …)`. */
export type Tx = Prisma.TransactionClient;

const globalForPrisma = globalThis as unknown as { tidingsPrisma?: PrismaClient };

/** Creates a client for a given database; tests use it for their throwaway databases. */
export function createDb(connectionString: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString }) });
}

/** The process-wide client. Kept on globalThis so Next's hot reload does not leak pools. */
export function db(): PrismaClient {
  globalForPrisma.tidingsPrisma ??= createDb(databaseUrl());
  return globalForPrisma.tidingsPrisma;
}
