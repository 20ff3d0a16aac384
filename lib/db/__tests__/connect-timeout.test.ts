// A database host that accepts connections but never answers (a hung server, a
// half-open network path) must not hold requests forever: the Prisma client gives up
// on connecting, and the error is one the web answers 503 for.
import net from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "../client";
import { isDatabaseUnavailable } from "../is-database-unavailable";

const sockets = new Set<net.Socket>();
const silent = net.createServer((socket) => {
  sockets.add(socket); // accepted, and never a word back
  socket.on("error", () => {});
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
});

describe("the Prisma client against a database that never answers", () => {
  it("fails the query as 'database unavailable' instead of waiting forever", async () => {
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as net.AddressInfo;
    const db = createDb(`postgresql://tidings:secret@127.0.0.1:${port}/tidings`);
    try {
      const error = await db.$queryRaw`SELECT 1`.then(
        () => new Error("the query should have failed"),
        (failure: unknown) => failure,
      );
      expect(isDatabaseUnavailable(error), String(error)).toBe(true);
    } finally {
      await db.$disconnect().catch(() => {});
    }
  });
});
