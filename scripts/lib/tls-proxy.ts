// A local https front for a plain-http Tidings, as the TLS-terminating proxy of a
// real deployment would be: one port that answers TLS with the app (and
// X-Forwarded-Proto: https) and plain http with a redirect to https. A throwaway
// self-signed certificate for 127.0.0.1 and localhost comes from openssl.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import https from "node:https";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export type SelfSignedCertificate = { certFile: string; cert: Buffer; key: Buffer; dispose: () => void };

export function createSelfSignedCertificate(): SelfSignedCertificate {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tidings-tls-"));
  const certFile = path.join(dir, "cert.pem");
  const keyFile = path.join(dir, "key.pem");
  execFileSync(
    "openssl",
    ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1"]
      .concat(["-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", keyFile, "-out", certFile]),
    { stdio: "ignore" },
  );
  return { certFile, cert: readFileSync(certFile), key: readFileSync(keyFile), dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export type TlsProxy = { origin: string; close: () => Promise<void> };

/** Listens on 127.0.0.1:`port`; `target` is the app's plain-http origin. */
export function startTlsProxy({ port, target, certificate }: { port: number; target: string; certificate: SelfSignedCertificate }): Promise<TlsProxy> {
  const origin = `https://127.0.0.1:${port}`;
  const forward = (request: IncomingMessage, response: ServerResponse) => {
    const upstream = http.request(new URL(request.url ?? "/", target), {
      method: request.method,
      headers: { ...request.headers, "x-forwarded-proto": "https", "x-forwarded-host": request.headers.host ?? "" },
    });
    upstream.on("response", (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    upstream.on("error", () => response.writeHead(502).end());
    request.pipe(upstream);
  };
  const tlsServer = https.createServer({ cert: certificate.cert, key: certificate.key }, forward);
  const redirectServer = http.createServer((request, response) => {
    response.writeHead(301, { location: `${origin}${request.url ?? "/"}` }).end();
  });
  // One port, two protocols: a TLS connection starts with a handshake record (0x16).
  const front = net.createServer((socket) => {
    socket.once("data", (first) => {
      socket.pause();
      socket.unshift(first);
      (first[0] === 0x16 ? tlsServer : redirectServer).emit("connection", socket);
      process.nextTick(() => socket.resume());
    });
    socket.on("error", () => socket.destroy());
  });
  return new Promise((resolve, reject) => {
    front.once("error", reject);
    front.listen(port, "127.0.0.1", () =>
      resolve({
        origin,
        close: () =>
          new Promise((done) => {
            tlsServer.close();
            redirectServer.close();
            front.close(() => done());
          }),
      }),
    );
  });
}
