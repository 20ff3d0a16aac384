// A tiny authoritative DNS server on 127.0.0.1 for tests: answers from a table,
// NXDOMAIN for names it does not know, and never answers names marked "silent".
import { createSocket } from "node:dgram";
import type { AddressInfo } from "node:net";
import dnsPacket, { type Answer } from "dns-packet";

export type Zone = Record<string, { mx?: { exchange: string; preference: number }[]; a?: string[]; silent?: boolean }>;

export async function startLoopbackDnsServer(zone: Zone) {
  const socket = createSocket("udp4");
  const queries: string[] = [];
  socket.on("message", (message, remote) => {
    const query = dnsPacket.decode(message);
    const question = query.questions?.[0];
    if (!question) return;
    queries.push(`${question.type} ${question.name}`);
    const entry = zone[question.name.toLowerCase()];
    if (entry?.silent) return;
    const answers: Answer[] = [];
    if (entry && question.type === "MX") {
      for (const mx of entry.mx ?? []) answers.push({ type: "MX", name: question.name, ttl: 60, data: mx });
    }
    if (entry && question.type === "A") {
      for (const ip of entry.a ?? []) answers.push({ type: "A", name: question.name, ttl: 60, data: ip });
    }
    const response = dnsPacket.encode({
      id: query.id,
      type: "response",
      // 3 = NXDOMAIN for unknown names; known names without such records answer empty (NODATA).
      flags: dnsPacket.AUTHORITATIVE_ANSWER | (entry ? 0 : 3),
      questions: [question],
      answers,
    });
    socket.send(response, remote.port, remote.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  const { port } = socket.address() as AddressInfo;
  return {
    server: `127.0.0.1:${port}`,
    queries,
    stop: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
