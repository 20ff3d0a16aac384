// A minimal SOCKS5 proxy (RFC 1928, CONNECT only, optional username/password of RFC 1929)
// on 127.0.0.1, for tests that the SMTP check goes through a proxy. Logs each target.
import { connect, createServer, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

export async function startLoopbackSocks5Server({ user }: { user?: { name: string; password: string } } = {}) {
  const targets: string[] = [];
  const sockets = new Set<Socket>();

  const server = createServer((client) => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    client.on("error", () => client.destroy());
    let buffer = Buffer.alloc(0);
    let stage: "greeting" | "auth" | "request" | "piping" = "greeting";
    client.on("data", (chunk: Buffer) => {
      if (stage === "piping") return;
      buffer = Buffer.concat([buffer, chunk]);
      if (stage === "greeting") {
        if (buffer.length < 2 || buffer.length < 2 + (buffer[1] ?? 0)) return;
        const methods = buffer.subarray(2, 2 + (buffer[1] ?? 0));
        buffer = buffer.subarray(2 + (buffer[1] ?? 0));
        const wanted = user === undefined ? 0x00 : 0x02;
        if (!methods.includes(wanted)) return void client.end(Buffer.from([0x05, 0xff]));
        client.write(Buffer.from([0x05, wanted]));
        stage = user === undefined ? "request" : "auth";
      }
      if (stage === "auth") {
        const nameLength = buffer[1] ?? 0;
        const passwordLength = buffer[2 + nameLength];
        if (passwordLength === undefined || buffer.length < 3 + nameLength + passwordLength) return;
        const name = buffer.subarray(2, 2 + nameLength).toString();
        const password = buffer.subarray(3 + nameLength, 3 + nameLength + passwordLength).toString();
        buffer = buffer.subarray(3 + nameLength + passwordLength);
        const ok = name === user?.name && password === user?.password;
        client.write(Buffer.from([0x01, ok ? 0x00 : 0x01]));
        if (!ok) return void client.end();
        stage = "request";
      }
      if (stage === "request") {
        if (buffer.length < 5) return;
        const type = buffer[3];
        const addressLength = type === 0x01 ? 4 : type === 0x04 ? 16 : 1 + (buffer[4] ?? 0);
        if (buffer.length < 4 + addressLength + 2) return;
        const raw = buffer.subarray(4, 4 + addressLength);
        const host = type === 0x01 ? [...raw].join(".") : type === 0x03 ? raw.subarray(1).toString() : "::1";
        const port = buffer.readUInt16BE(4 + addressLength);
        const rest = buffer.subarray(4 + addressLength + 2);
        stage = "piping";
        targets.push(`${host}:${port}`);
        const upstream = connect({ host, port });
        sockets.add(upstream);
        upstream.on("close", () => sockets.delete(upstream));
        let connected = false;
        upstream.once("connect", () => {
          connected = true;
          client.write(Buffer.from([0x05, 0x00, 0x00, 0x01, 127, 0, 0, 1, 0, 0]));
          if (rest.length > 0) upstream.write(rest);
          client.pipe(upstream);
          upstream.pipe(client);
        });
        upstream.on("error", () => {
          // 0x05: connection refused.
          if (connected) client.destroy();
          else if (!client.destroyed) client.end(Buffer.from([0x05, 0x05, 0x00, 0x01, 0, 0, 0, 0, 0, 0]));
        });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `socks5://127.0.0.1:${(server.address() as AddressInfo).port}`,
    port: (server.address() as AddressInfo).port,
    /** "host:port" of each CONNECT asked for. */
    targets,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
