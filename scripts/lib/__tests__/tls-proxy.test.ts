// The https front of `npm run scan:headers`: TLS in, the app's answer out with the
// scheme passed on; plain http on the same port is redirected, as a deployment would.
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPortFree } from "../port";
import { createSelfSignedCertificate, startTlsProxy, type SelfSignedCertificate, type TlsProxy } from "../tls-proxy";

let upstream: http.Server;
let certificate: SelfSignedCertificate;
let proxy: TlsProxy;
let port = 0;

beforeAll(async () => {
  upstream = http.createServer((request, response) => {
    response.writeHead(200, { "content-type": "application/json", "x-upstream": "yes" });
    response.end(JSON.stringify({ url: request.url, proto: request.headers["x-forwarded-proto"], host: request.headers.host }));
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  certificate = createSelfSignedCertificate();
  for (port = 18_443; !(await isPortFree(port)); port++);
  proxy = await startTlsProxy({ port, target: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`, certificate });
});
afterAll(async () => {
  await proxy.close();
  upstream.close();
  certificate.dispose();
});

function get(url: string, options: https.RequestOptions = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const client = url.startsWith("https:") ? https : http;
  return new Promise((resolve, reject) => {
    client
      .get(url, options, (response) => {
        let body = "";
        response.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      })
      .on("error", reject);
  });
}

describe("startTlsProxy", () => {
  it("serves the app over TLS with a certificate for 127.0.0.1, telling it the scheme was https", async () => {
    const response = await get(`${proxy.origin}/sign-in?x=1`, { ca: certificate.cert });
    expect(response.status).toBe(200);
    expect(response.headers["x-upstream"]).toBe("yes");
    expect(JSON.parse(response.body)).toEqual({ url: "/sign-in?x=1", proto: "https", host: `127.0.0.1:${port}` });
  });

  it("redirects plain http on the same port to https", async () => {
    const response = await get(`http://127.0.0.1:${port}/dashboard`);
    expect(response.status).toBe(301);
    expect(response.headers.location).toBe(`${proxy.origin}/dashboard`);
  });
});
