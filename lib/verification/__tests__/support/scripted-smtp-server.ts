// A scripted mail server on loopback for the SMTP check's tests and benchmark: answers
// RCPT TO from a table per domain (mailbox exists → 250, unknown → 550 5.1.1, catch-all
// → 250 for anyone, greylisted → 451 the first time then 250, full → 552, blocked →
// 550 5.7.1 for everyone), can wait before each answer, and logs every command.
import { createServer, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

export type ScriptedDomain = {
  readonly mailboxes?: readonly string[];
  readonly catchAll?: boolean;
  /** Addresses answered 451 on their first RCPT TO, then as the mailboxes say. */
  readonly greylisted?: readonly string[];
  /** Every address answered 451 on its first RCPT TO, as greylisting servers do per recipient. */
  readonly greylistEveryone?: boolean;
  /** Addresses answered 451 every time. */
  readonly alwaysLater?: readonly string[];
  readonly full?: readonly string[];
  /** Every RCPT TO is refused with a policy code, as a blocklisted client would be. */
  readonly blocked?: boolean;
};

export type ScriptedSmtpServerOptions = {
  readonly domains: Readonly<Record<string, ScriptedDomain>>;
  /** Waited before each answer, the greeting included. */
  readonly latencyMs?: number;
  readonly host?: string;
  readonly port?: number;
  /** Offer STARTTLS, then answer the TLS handshake with plain text, as a misconfigured server does. */
  readonly brokenStartTls?: boolean;
};

export async function startScriptedSmtpServer({ domains, latencyMs = 0, host = "127.0.0.1", port = 0, brokenStartTls = false }: ScriptedSmtpServerOptions) {
  const commands: string[] = [];
  const rcptCounts = new Map<string, number>();
  const sockets = new Set<Socket>();
  let connections = 0;
  let open = 0;
  let mostOpen = 0;

  const answerRcpt = (address: string): string => {
    const lower = address.toLowerCase();
    const seen = (rcptCounts.get(lower) ?? 0) + 1;
    rcptCounts.set(lower, seen);
    const domain = domains[lower.slice(lower.lastIndexOf("@") + 1)];
    if (domain === undefined) return "550 5.7.1 Relaying denied";
    if (domain.blocked) return "550 5.7.1 Service unavailable; client host blocked using a block list";
    if (domain.alwaysLater?.includes(lower)) return "451 4.7.1 Greylisted, please try again later";
    if ((domain.greylistEveryone || domain.greylisted?.includes(lower)) && seen === 1) return "451 4.7.1 Greylisted, please try again later";
    if (domain.full?.includes(lower)) return "552 5.2.2 Mailbox full";
    if (domain.catchAll || domain.mailboxes?.includes(lower) || domain.greylisted?.includes(lower)) return "250 2.1.5 OK";
    return "550 5.1.1 The email account that you tried to reach does not exist";
  };

  const answer = (line: string): string | null => {
    const verb = line.slice(0, 4).toUpperCase();
    if (verb === "EHLO") return `250-mx.scripted.test hello\r\n250-PIPELINING${brokenStartTls ? "\r\n250-STARTTLS" : ""}\r\n250 8BITMIME`;
    if (verb === "STAR" && brokenStartTls) return "220 2.0.0 Ready to start TLS\r\nthis is not a TLS handshake";
    if (verb === "HELO") return "250 mx.scripted.test";
    if (verb === "MAIL") return "250 2.1.0 OK";
    if (verb === "RCPT") return answerRcpt(/<([^>]*)>/.exec(line)?.[1] ?? "");
    if (verb === "RSET" || verb === "NOOP") return "250 2.0.0 OK";
    if (verb === "QUIT") return null;
    if (verb === "DATA") return "554 5.5.1 This test server takes no messages";
    return "502 5.5.2 Command not recognised";
  };

  const server = createServer((socket) => {
    connections++;
    open++;
    mostOpen = Math.max(mostOpen, open);
    sockets.add(socket);
    // A conversation is open from the connection to its QUIT (or its end without one).
    let ended = false;
    const endConversation = () => {
      if (ended) return;
      ended = true;
      open--;
    };
    socket.on("close", () => {
      endConversation();
      sockets.delete(socket);
    });
    socket.on("error", () => socket.destroy());
    // Answers go out in order, each after the latency.
    let queue: Promise<void> = Promise.resolve();
    const send = (text: string, end = false) => {
      queue = queue.then(async () => {
        if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
        if (socket.destroyed) return;
        if (end) socket.end(`${text}\r\n`);
        else socket.write(`${text}\r\n`);
      });
    };
    send("220 mx.scripted.test ESMTP ready");
    let buffer = "";
    socket.on("data", (chunk) => {
      buffer += chunk.toString("latin1");
      for (let end = buffer.indexOf("\r\n"); end !== -1; end = buffer.indexOf("\r\n")) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        commands.push(line);
        const reply = answer(line);
        if (reply === null) {
          endConversation();
          send("221 2.0.0 Bye", true);
        }
        else send(reply);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return {
    host,
    port: (server.address() as AddressInfo).port,
    commands,
    /** RCPT TO addresses asked, in order. */
    recipients: () => commands.filter((command) => /^RCPT TO:/i.test(command)).map((command) => /<([^>]*)>/.exec(command)?.[1] ?? ""),
    connections: () => connections,
    /** Conversations open now. */
    openNow: () => open,
    /** The most connections that were open at once. */
    mostOpen: () => mostOpen,
    resetMostOpen: () => {
      mostOpen = open;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
