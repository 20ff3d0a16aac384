// Loopback addresses where no database answers, for tests of what an outage looks like.
import net from "node:net";

/** A loopback port that was free a moment ago and has nobody listening: connections are refused. */
export async function closedLoopbackPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A server that accepts each connection and hangs up at once, as a postmaster does when it dies mid-handshake. */
export async function hangUpServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const server = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return { port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export function databaseUrlAt(port: number): string {
  return `postgresql://tidings:secret@127.0.0.1:${port}/tidings`;
}
