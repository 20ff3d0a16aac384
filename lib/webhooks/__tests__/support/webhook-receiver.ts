// A webhook receiver on 127.0.0.1 for tests that play the person's endpoint: it keeps
// every request (raw body and headers) and answers what the test tells it to.
import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";

export type ReceivedWebhook = { method: string; path: string; headers: Headers; body: string };
export type ReceiverAnswer = { status: number; headers?: Record<string, string>; body?: string; delayMs?: number };

export type WebhookReceiver = {
  /** http://127.0.0.1:<port>/hooks */
  url: string;
  requests(): ReceivedWebhook[];
  /** The next answers, in order; after them, 200 "ok". */
  answerNext(...answers: ReceiverAnswer[]): void;
  reset(): void;
  stop(): Promise<void>;
};

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  let received: ReceivedWebhook[] = [];
  let answers: ReceiverAnswer[] = [];
  const server = http.createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) if (typeof value === "string") headers.set(name, value);
    received.push({ method: request.method ?? "", path: request.url ?? "", headers, body: Buffer.concat(chunks).toString("utf8") });
    const answer = answers.shift() ?? { status: 200, body: "ok" };
    if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
    if (response.destroyed) return;
    response.writeHead(answer.status, answer.headers ?? {});
    response.end(answer.body ?? "");
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    requests: () => received,
    answerNext: (...next) => answers.push(...next),
    reset: () => {
      received = [];
      answers = [];
    },
    stop: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
}
