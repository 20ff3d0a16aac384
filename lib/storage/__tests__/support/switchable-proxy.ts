// A TCP proxy on a fixed loopback port in front of a real server, that a test can
// cut off (the port then refuses connections and open ones are reset, as when an S3
// endpoint goes away) and restore on the same port.
import net from "node:net";

export type SwitchableProxy = {
  port: number;
  url: string;
  /** Closes the port and resets every open connection. */
  cutOff(): Promise<void>;
  /** Listens on the same port again. */
  restore(): Promise<void>;
  close(): Promise<void>;
};

export async function startSwitchableProxy(target: { host: string; port: number }): Promise<SwitchableProxy> {
  const open = new Set<net.Socket>();
  let server: net.Server | undefined;
  let port = 0;

  const listen = async () => {
    const next = net.createServer((client) => {
      const upstream = net.connect(target.port, target.host);
      open.add(client).add(upstream);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        open.delete(client);
        open.delete(upstream);
      };
      client.on("error", drop).on("close", drop);
      upstream.on("error", drop).on("close", drop);
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      next.once("error", reject);
      next.listen(port, "127.0.0.1", () => resolve());
    });
    port = (next.address() as net.AddressInfo).port;
    server = next;
  };

  const stopListening = async () => {
    const current = server;
    server = undefined;
    for (const socket of open) socket.resetAndDestroy();
    open.clear();
    if (current) await new Promise<void>((resolve) => current.close(() => resolve()));
  };

  await listen();
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    cutOff: stopListening,
    restore: listen,
    close: stopListening,
  };
}
