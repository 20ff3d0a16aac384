// A Resend-compatible HTTP API on 127.0.0.1 for tests: records every request,
// answers like Resend, and can be told to fail the next N requests (429 / 5xx /
// 4xx). Point the app at it with RESEND_BASE_URL=<server.url>.
//
// Tests in other processes (Playwright specs while the app runs elsewhere) use
// the control endpoints: GET /__fake/requests, GET /__fake/emails,
// POST /__fake/fail-next {count, status, retryAfterSeconds?}, POST /__fake/reset.
// Run standalone: `tsx e2e/support/fake-resend-server.ts [port]`.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { z } from "zod";

export type RecordedRequest = {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** Parsed JSON, or the raw text when the body was not JSON; null when empty. */
  body: unknown;
  receivedAt: Date;
};

/** One email Resend would have accepted, with the id it answered and the key of its request. */
export type AcceptedEmail = { id: string; idempotencyKey: string | undefined; payload: Record<string, unknown> };

/** A header of an accepted email, by name in any case (e.g. Tidings' X-Entity-Ref-ID, the delivery id). */
export function emailHeader(email: AcceptedEmail, name: string): string | undefined {
  const headers = (email.payload.headers ?? {}) as Record<string, string>;
  const found = Object.keys(headers).find((key) => key.toLowerCase() === name.toLowerCase());
  return found === undefined ? undefined : headers[found];
}

export type Failure = { status: number; retryAfterSeconds?: number; name?: string; message?: string };

export type FakeResendServer = {
  url: string;
  port: number;
  requests(): RecordedRequest[];
  /** Accepted emails, once per idempotency key, as Resend would deliver them. */
  emails(): AcceptedEmail[];
  /** Answers the next `count` API requests with this failure instead of success. */
  failNext(count: number, failure: Failure): void;
  /**
   * From now on, each API request fails with this probability (one of `failures`,
   * picked in turn); 0 switches it off. Seeded, so a run is reproducible.
   */
  failRandomly(probability: number, failures: Failure[], seed?: number): void;
  /**
   * Accept requests but keep the answers back (the connection stays open) until
   * `releaseResponses()`: the moment a client is "after the provider accepted, before
   * it heard back".
   */
  holdResponses(): void;
  releaseResponses(): void;
  /** How many requests were answered with an injected failure since the last reset. */
  failuresServed(): number;
  reset(): void;
  stop(): Promise<void>;
};

const failNextSchema = z.object({
  count: z.number().int().positive().default(1),
  status: z.number().int().min(400).max(599),
  retryAfterSeconds: z.number().int().nonnegative().optional(),
  name: z.string().optional(),
  message: z.string().optional(),
});

const errorNames: Record<number, string> = {
  400: "validation_error",
  401: "missing_api_key",
  403: "invalid_api_key",
  404: "not_found",
  409: "invalid_idempotent_request",
  422: "validation_error",
  429: "rate_limit_exceeded",
};

export async function startFakeResendServer({ port = 0 }: { port?: number } = {}): Promise<FakeResendServer> {
  let recorded: RecordedRequest[] = [];
  let accepted: AcceptedEmail[] = [];
  let failures: Failure[] = [];
  let random: { probability: number; failures: Failure[]; next: () => number; turn: number } | null = null;
  let holding = false;
  let held: (() => void)[] = [];
  let served = 0;
  // Like Resend: the same key with the same payload gets the same answer.
  let byIdempotencyKey = new Map<string, { payload: string; ids: string[] }>();

  const failNext = (count: number, failure: Failure) => {
    failures.push(...Array.from({ length: count }, () => failure));
  };
  const reset = () => {
    recorded = [];
    accepted = [];
    failures = [];
    random = null;
    served = 0;
    byIdempotencyKey = new Map();
    releaseResponses();
  };
  const failRandomly = (probability: number, choices: Failure[], seed = 1) => {
    random = probability > 0 && choices.length > 0 ? { probability, failures: choices, next: mulberry32(seed), turn: 0 } : null;
  };
  const releaseResponses = () => {
    holding = false;
    for (const answer of held.splice(0)) answer();
  };
  const randomFailure = (): Failure | undefined => {
    if (!random || random.next() >= random.probability) return undefined;
    random.turn += 1;
    return random.failures[random.turn % random.failures.length];
  };

  function answerApi(request: RecordedRequest, response: ServerResponse) {
    if (!request.headers.authorization?.startsWith("Bearer ")) {
      return sendError(response, { status: 401, message: "Missing API key in the authorization header." });
    }
    const failure = failures.shift() ?? randomFailure();
    if (failure) {
      served += 1;
      return sendError(response, failure);
    }

    const isBatch = request.method === "POST" && request.path === "/emails/batch";
    if (!isBatch && !(request.method === "POST" && request.path === "/emails")) {
      return sendError(response, { status: 404, message: "The requested endpoint does not exist." });
    }
    const payloads = isBatch ? request.body : [request.body];
    if (!Array.isArray(payloads) || payloads.length === 0 || !payloads.every(isEmailPayload)) {
      return sendError(response, { status: 422, name: "missing_required_field", message: "Missing `from`, `to` or `subject`." });
    }

    const key = request.headers["idempotency-key"];
    const fingerprint = JSON.stringify(request.body);
    const earlier = key ? byIdempotencyKey.get(`${request.path} ${key}`) : undefined;
    if (earlier && earlier.payload !== fingerprint) {
      return sendError(response, { status: 409, message: "Same idempotency key used with a different payload." });
    }
    const ids = earlier?.ids ?? payloads.map(() => randomUUID());
    if (!earlier) {
      if (key) byIdempotencyKey.set(`${request.path} ${key}`, { payload: fingerprint, ids });
      payloads.forEach((payload, index) => accepted.push({ id: ids[index] ?? "", idempotencyKey: key, payload }));
    }
    const answer = () => sendJson(response, 200, isBatch ? { data: ids.map((id) => ({ id })) } : { id: ids[0] });
    if (holding) held.push(answer);
    else answer();
  }

  async function handle(incoming: IncomingMessage, response: ServerResponse) {
    const path = new URL(incoming.url ?? "/", "http://fake").pathname;
    const request: RecordedRequest = {
      method: incoming.method ?? "GET",
      path,
      headers: flattenHeaders(incoming),
      body: parseBody(await readBody(incoming)),
      receivedAt: new Date(),
    };
    if (path === "/__fake/requests") return sendJson(response, 200, recorded);
    if (path === "/__fake/emails") return sendJson(response, 200, accepted);
    if (path === "/__fake/reset") return (reset(), sendJson(response, 200, { ok: true }));
    if (path === "/__fake/fail-next") {
      const parsed = failNextSchema.safeParse(request.body);
      if (!parsed.success) return sendJson(response, 400, { error: parsed.error.message });
      const { count, ...failure } = parsed.data;
      failNext(count, failure);
      return sendJson(response, 200, { ok: true });
    }
    recorded.push(request);
    answerApi(request, response);
  }

  const server = createServer((incoming, response) => {
    handle(incoming, response).catch((error: unknown) => {
      sendJson(response, 500, { statusCode: 500, name: "internal_server_error", message: String(error) });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    requests: () => [...recorded],
    emails: () => [...accepted],
    failNext,
    failRandomly,
    holdResponses: () => {
      holding = true;
    },
    releaseResponses,
    failuresServed: () => served,
    reset,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A small seeded PRNG (Mulberry32): the same seed gives the same failures. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sendError(response: ServerResponse, failure: Failure) {
  const headers: Record<string, string> = {};
  if (failure.retryAfterSeconds !== undefined) {
    headers["retry-after"] = String(failure.retryAfterSeconds);
    headers["ratelimit-reset"] = String(failure.retryAfterSeconds);
    headers["ratelimit-remaining"] = "0";
  }
  const name = failure.name ?? errorNames[failure.status] ?? (failure.status >= 500 ? "internal_server_error" : "application_error");
  const message = failure.message ?? (failure.status === 429 ? "Too many requests. Please slow down." : "Simulated failure.");
  sendJson(response, failure.status, { statusCode: failure.status, name, message }, headers);
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  response.writeHead(status, { "content-type": "application/json", ...headers });
  response.end(JSON.stringify(body));
}

function isEmailPayload(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const { from, to, subject } = value as Record<string, unknown>;
  return typeof from === "string" && (typeof to === "string" || Array.isArray(to)) && typeof subject === "string";
}

function flattenHeaders(incoming: IncomingMessage): Record<string, string> {
  return Object.fromEntries(
    Object.entries(incoming.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(", ") : (value ?? "")]),
  );
}

async function readBody(incoming: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function parseBody(raw: string): unknown {
  if (raw === "") return null;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const server = await startFakeResendServer({ port: Number(process.argv[2] ?? 0) });
  console.log(`fake Resend API listening on ${server.url}`);
}
