// One SMTP conversation with a mail server, as far as RCPT TO and never further: the
// greeting, EHLO (HELO when EHLO is refused), STARTTLS when offered, MAIL FROM, then
// RCPT TO per address, and QUIT. DATA is never sent, so no message is ever delivered.
import { connect as connectTcp, type Socket } from "node:net";
import { connect as connectTls } from "node:tls";
import { SocksClient } from "socks";

export type SmtpReply = { readonly code: number; readonly text: string };

export type SocksProxy = { readonly host: string; readonly port: number; readonly userId?: string; readonly password?: string };

export type SmtpSessionOptions = {
  /** The mail server's address (an IP from our own DNS lookup) and its name, for TLS. */
  readonly host: string;
  readonly serverName: string;
  readonly port: number;
  readonly heloName: string;
  /** Upgrade to TLS when the server offers STARTTLS. */
  readonly startTls: boolean;
  /** Connect through this SOCKS5 proxy rather than directly. */
  readonly proxy: SocksProxy | null;
  /** For the connection and for each reply. */
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
};

/** The server answered outside the protocol, hung up or did not answer in time. */
export class SmtpConnectionError extends Error {
  constructor(message: string, readonly stage: "connect" | "tls" | "conversation") {
    super(message);
    this.name = "SmtpConnectionError";
  }
}

export class SmtpSession {
  private buffer = "";
  private lines: string[] = [];
  private readonly replies: SmtpReply[] = [];
  private waiter: { resolve: (reply: SmtpReply) => void; reject: (error: Error) => void } | null = null;
  private failure: Error | null = null;
  private readonly onData = (chunk: Buffer) => this.receive(chunk.toString("latin1"));
  private readonly onEnd = () => this.fail(new SmtpConnectionError("the server closed the connection", "conversation"));

  private constructor(
    private socket: Socket,
    private readonly options: SmtpSessionOptions,
  ) {
    this.listen(socket);
  }

  /** Connects and says hello; rejects with SmtpConnectionError or with the refusing reply. */
  static async open(options: SmtpSessionOptions): Promise<{ session: SmtpSession; greeting: SmtpReply; hello: SmtpReply }> {
    const socket = await openSocket(options);
    const session = new SmtpSession(socket, options);
    try {
      const greeting = await session.read();
      if (greeting.code !== 220) return { session, greeting, hello: greeting };
      let hello = await session.command(`EHLO ${options.heloName}`);
      // Old servers know only HELO.
      if (hello.code >= 500) hello = await session.command(`HELO ${options.heloName}`);
      else if (hello.code === 250 && options.startTls && /^STARTTLS\b/im.test(hello.text)) {
        const ready = await session.command("STARTTLS");
        if (ready.code === 220) {
          await session.upgradeToTls();
          hello = await session.command(`EHLO ${options.heloName}`);
        }
      }
      return { session, greeting, hello };
    } catch (error) {
      session.close();
      throw error;
    }
  }

  async command(line: string): Promise<SmtpReply> {
    if (this.failure !== null) throw this.failure;
    this.socket.write(`${line}\r\n`);
    return this.read();
  }

  /** Says goodbye without waiting long for the answer, then closes. */
  async quit(): Promise<void> {
    try {
      if (this.failure === null) {
        this.socket.write("QUIT\r\n");
        await Promise.race([this.read(), new Promise((resolve) => setTimeout(resolve, 500).unref())]);
      }
    } catch {
      // The server hanging up on QUIT is fine.
    } finally {
      this.close();
    }
  }

  close(): void {
    this.fail(new SmtpConnectionError("closed", "conversation"));
    this.socket.destroy();
  }

  private read(): Promise<SmtpReply> {
    const ready = this.replies.shift();
    if (ready !== undefined) return Promise.resolve(ready);
    if (this.failure !== null) return Promise.reject(this.failure);
    return new Promise<SmtpReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(new SmtpConnectionError(`no answer within ${this.options.timeoutMs} ms`, "conversation"));
        this.socket.destroy();
      }, this.options.timeoutMs);
      const onAbort = () => {
        this.fail(this.options.signal.reason instanceof Error ? this.options.signal.reason : new Error("aborted"));
        this.socket.destroy();
      };
      this.options.signal.addEventListener("abort", onAbort, { once: true });
      const settle = () => {
        clearTimeout(timer);
        this.options.signal.removeEventListener("abort", onAbort);
        this.waiter = null;
      };
      this.waiter = {
        resolve: (reply) => {
          settle();
          resolve(reply);
        },
        reject: (error) => {
          settle();
          reject(error);
        },
      };
      if (this.options.signal.aborted) onAbort();
    });
  }

  // A reply is one or more lines "250-…" ending with "250 …" (RFC 5321 4.2).
  private receive(text: string): void {
    this.buffer += text;
    for (let end = this.buffer.indexOf("\n"); end !== -1; end = this.buffer.indexOf("\n")) {
      const line = this.buffer.slice(0, end).replace(/\r$/, "");
      this.buffer = this.buffer.slice(end + 1);
      this.lines.push(line);
      if (line.charAt(3) === "-") continue;
      const code = Number(line.slice(0, 3));
      const reply = { code: Number.isInteger(code) && code >= 200 && code < 600 ? code : 0, text: this.lines.map((each) => each.slice(4)).join("\n") };
      this.lines = [];
      if (this.waiter !== null) this.waiter.resolve(reply);
      else this.replies.push(reply);
    }
    if (this.buffer.length > 64 * 1024) this.fail(new SmtpConnectionError("reply line too long", "conversation"));
  }

  private fail(error: Error): void {
    if (this.failure !== null) return;
    this.failure = error;
    this.waiter?.reject(error);
  }

  private listen(socket: Socket): void {
    socket.on("data", this.onData);
    socket.on("end", this.onEnd);
    socket.on("close", this.onEnd);
    socket.on("error", (error) => this.fail(new SmtpConnectionError(error.message, "conversation")));
  }

  // Opportunistic TLS, as between mail servers: certificates of MX hosts are often
  // self-signed or for another name, and nothing secret is sent, so they are not verified.
  private async upgradeToTls(): Promise<void> {
    const plain = this.socket;
    plain.off("data", this.onData);
    plain.off("end", this.onEnd);
    plain.off("close", this.onEnd);
    const secure = await new Promise<Socket>((resolve, reject) => {
      const tls = connectTls({ socket: plain, servername: isIp(this.options.serverName) ? undefined : this.options.serverName, rejectUnauthorized: false });
      const timer = setTimeout(() => {
        tls.destroy();
        reject(new SmtpConnectionError("TLS handshake timed out", "tls"));
      }, this.options.timeoutMs);
      tls.once("secureConnect", () => {
        clearTimeout(timer);
        resolve(tls);
      });
      tls.once("error", (error) => {
        clearTimeout(timer);
        reject(new SmtpConnectionError(`TLS failed: ${error.message}`, "tls"));
      });
    });
    this.socket = secure;
    this.listen(secure);
  }
}

function isIp(name: string): boolean {
  return /^[\d.]+$/.test(name) || name.includes(":");
}

async function openSocket(options: SmtpSessionOptions): Promise<Socket> {
  options.signal.throwIfAborted();
  if (options.proxy !== null) {
    try {
      const { socket } = await SocksClient.createConnection({
        proxy: { host: options.proxy.host, port: options.proxy.port, type: 5, userId: options.proxy.userId, password: options.proxy.password },
        command: "connect",
        destination: { host: options.host, port: options.port },
        timeout: options.timeoutMs,
      });
      return socket;
    } catch (error) {
      throw new SmtpConnectionError(`through the SOCKS5 proxy: ${error instanceof Error ? error.message : String(error)}`, "connect");
    }
  }
  return new Promise<Socket>((resolve, reject) => {
    const socket = connectTcp({ host: options.host, port: options.port });
    const done = (error: Error | null) => {
      clearTimeout(timer);
      options.signal.removeEventListener("abort", onAbort);
      socket.off("connect", onConnect);
      socket.off("error", done);
      if (error === null) resolve(socket);
      else {
        socket.destroy();
        const keep = error instanceof SmtpConnectionError || options.signal.aborted;
        reject(keep ? error : new SmtpConnectionError(error.message, "connect"));
      }
    };
    const onConnect = () => done(null);
    const onAbort = () => done(options.signal.reason instanceof Error ? options.signal.reason : new Error("aborted"));
    const timer = setTimeout(() => done(new SmtpConnectionError(`no connection within ${options.timeoutMs} ms`, "connect")), options.timeoutMs);
    options.signal.addEventListener("abort", onAbort, { once: true });
    socket.once("connect", onConnect);
    socket.once("error", done);
  });
}
