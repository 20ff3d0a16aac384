// A loopback TCP proxy the topology test controls: it stands between the app and a
// service (the S3 gateway, the email provider), so the test can make the service
// unreachable for a while ("cut": open connections reset, new ones refused) and can
// tell which process holds a connection (by the client's port).
import net from "node:net";

export type ProxiedConnection = {
  /** The client's local port: with `ss`, it names the process that opened the connection. */
  clientPort: number;
  bytesUp: number;
  bytesDown: number;
  lastUpAt: number;
  lastDownAt: number;
  closed: boolean;
};

export type TcpProxy = {
  port: number;
  url: string;
  connections(): ProxiedConnection[];
  /** Resets every open connection and refuses new ones until `restore()`. */
  cut(): void;
  restore(): void;
  isCut(): boolean;
  /** Connections refused or reset since the last `cut()`. */
  refusedSinceCut(): number;
  stop(): Promise<void>;
};

export async function startTcpProxy({ targetPort, port = 0 }: { targetPort: number; port?: number }): Promise<TcpProxy> {
  const open = new Map<net.Socket, { upstream: net.Socket; record: ProxiedConnection }>();
  const records: ProxiedConnection[] = [];
  let cut = false;
  let refused = 0;

  const server = net.createServer((client) => {
    client.on("error", () => {});
    if (cut) {
      refused += 1;
      client.resetAndDestroy();
      return;
    }
    const record: ProxiedConnection = { clientPort: client.remotePort ?? 0, bytesUp: 0, bytesDown: 0, lastUpAt: 0, lastDownAt: 0, closed: false };
    records.push(record);
    const upstream = net.connect({ host: "127.0.0.1", port: targetPort });
    upstream.on("error", () => client.destroy());
    client.on("data", (chunk: Buffer) => {
      record.bytesUp += chunk.length;
      record.lastUpAt = performance.now();
    });
    upstream.on("data", (chunk: Buffer) => {
      record.bytesDown += chunk.length;
      record.lastDownAt = performance.now();
    });
    client.pipe(upstream);
    upstream.pipe(client);
    open.set(client, { upstream, record });
    const close = () => {
      record.closed = true;
      open.delete(client);
      client.destroy();
      upstream.destroy();
    };
    client.on("close", close);
    upstream.on("close", close);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const actualPort = (server.address() as net.AddressInfo).port;

  return {
    port: actualPort,
    url: `http://127.0.0.1:${actualPort}`,
    connections: () => records.filter((record) => !record.closed),
    cut() {
      cut = true;
      refused = 0;
      for (const [client, { upstream }] of open) {
        refused += 1;
        client.resetAndDestroy();
        upstream.destroy();
      }
    },
    restore() {
      cut = false;
    },
    isCut: () => cut,
    refusedSinceCut: () => refused,
    async stop() {
      for (const [client, { upstream }] of open) {
        client.destroy();
        upstream.destroy();
      }
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
