// The optional SMTP stage: asks each domain's mail server, RCPT TO by RCPT TO, whether
// it takes mail for an address, without ever sending one. Per domain it first asks for
// a random address (a server that accepts that accepts anything: "catch-all"), keeps
// to a few connections at once and a pause between questions, asks again once later
// after a "try again later" (greylisting), and gives up with "unknown" when the time
// budget runs out. One checker serves one run: answers about domains are kept for it.
// Several pieces of a file are asked about at the same time (each waiting out its own
// retry delay), so the limits per domain hold across calls of checkAll, not within one.
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { type MailboxResult, type RcptReading, readRcptReply, type UnknownCause } from "./mailbox-result";
import { findMailRoute, type MailRoute } from "./find-mail-route";
import { SmtpConnectionError, SmtpSession, type SocksProxy } from "./smtp-session";

export type MailboxCheckSettings = {
  /** The name given in EHLO/HELO: ideally the reverse DNS name of the address checks come from. */
  readonly heloName: string;
  /** The envelope sender given in MAIL FROM; an address at a domain you control. */
  readonly mailFrom: string;
  readonly port: number;
  readonly proxy: SocksProxy | null;
  readonly startTls: boolean;
  /** For each connection and each reply. */
  readonly timeoutMs: number;
  /** Connections open at once, all domains together. */
  readonly concurrency: number;
  /** Connections open at once to one domain. */
  readonly domainConcurrency: number;
  /** Least time between two questions (RCPT TO) to one domain. */
  readonly domainIntervalMs: number;
  /** How long to wait before asking again after "try again later". */
  readonly retryDelayMs: number;
  /** Epoch ms after which nothing more is asked: the rest is "unknown". */
  readonly deadline: number;
  /** DNS servers for the MX lookup ("host" or "host:port"); the system's when absent. */
  readonly dnsServers?: readonly string[];
};

// Servers drop connections that ask about too many recipients; a fresh one after these.
const RECIPIENTS_PER_CONNECTION = 10;
const DOMAIN_CACHE_LIMIT = 20_000;

type DomainState = {
  route: Promise<MailRoute>;
  /** The random address asked to tell a catch-all; the same one when asked again after greylisting, which is per recipient. */
  probe: string;
  catchAll: boolean | null;
  /** The catch-all question while it is being asked: other pieces wait for its answer rather than ask it too. */
  probing: Promise<unknown> | null;
  /** Connections open to the domain, all pieces together. */
  readonly connections: Slots;
  nextQuestionAt: number;
  /** Set when the domain's servers could not be reached or refused the check: not asked again this run. */
  givenUp: UnknownCause | null;
};
// One call of checkAll: its time budget, and its place in the file (a piece's number), by
// which waits for a connection are served, so that the piece written next is not held up
// by the pieces after it.
type Asking = { readonly budget: AbortSignal; readonly order: number };
// What one round said of an address: a reading, "ask again later", or a final unknown.
type Answer = RcptReading | "retry" | { readonly unknown: UnknownCause };

export class MailboxChecker {
  private readonly domains = new Map<string, DomainState>();
  private readonly connections: Slots;
  private readonly stopped = new AbortController();
  private readonly signal: AbortSignal;
  private calls = 0;

  constructor(
    private readonly settings: MailboxCheckSettings,
    signal?: AbortSignal,
  ) {
    this.connections = new Slots(settings.concurrency);
    this.signal = signal === undefined ? this.stopped.signal : AbortSignal.any([signal, this.stopped.signal]);
  }

  /** Ends every conversation and wait in progress (the calls reject): for a run that failed while pieces were still being asked about. */
  stop(): void {
    this.stopped.abort(new Error("Mailbox checks stopped: the file's processing ended."));
  }

  /** The verdict of the mail server on each address (local@domain, domain in lower-case ASCII). */
  async checkAll(addresses: readonly string[]): Promise<Map<string, MailboxResult>> {
    this.signal.throwIfAborted();
    const results = new Map<string, MailboxResult>();
    const byDomain = new Map<string, string[]>();
    for (const address of addresses) {
      // RCPT TO with non-ASCII needs SMTPUTF8, which few servers offer: not asked.
      if (!/^[\x21-\x7e]+$/.test(address)) {
        results.set(address, { kind: "unknown", cause: "not_asked" });
        continue;
      }
      const domain = address.slice(address.lastIndexOf("@") + 1);
      const list = byDomain.get(domain);
      if (list === undefined) byDomain.set(domain, [address]);
      else list.push(address);
    }
    const left = this.settings.deadline - Date.now();
    if (left <= 0) {
      for (const list of byDomain.values()) for (const address of list) results.set(address, { kind: "unknown", cause: "time_budget" });
      return results;
    }
    const asking: Asking = { budget: AbortSignal.any([this.signal, AbortSignal.timeout(left)]), order: this.calls++ };
    await Promise.all(
      [...byDomain].map(async ([domain, list]) => {
        for (const [address, result] of await this.checkDomain(domain, list, asking)) results.set(address, result);
      }),
    );
    this.signal.throwIfAborted();
    return results;
  }

  private async checkDomain(domain: string, addresses: readonly string[], asking: Asking): Promise<Map<string, MailboxResult>> {
    const { budget } = asking;
    const state = this.domainState(domain);
    const answers = await this.askDomain(state, addresses, asking);
    const again = addresses.filter((address) => answers.get(address) === "retry");
    if (again.length > 0 && Date.now() + this.settings.retryDelayMs < this.settings.deadline) {
      try {
        await sleep(this.settings.retryDelayMs, undefined, { signal: budget });
        for (const [address, answer] of await this.askDomain(state, again, asking)) answers.set(address, answer);
      } catch (error) {
        this.rethrowIfStopped(error);
      }
    }
    const results = new Map<string, MailboxResult>();
    for (const address of addresses) results.set(address, toResult(answers.get(address) ?? "retry", state.catchAll, budget));
    return results;
  }

  // One round: the catch-all question first when it is still open (alone, so it is asked
  // once), then the addresses, 10 to a connection, up to domainConcurrency connections at once.
  private async askDomain(state: DomainState, addresses: readonly string[], asking: Asking): Promise<Map<string, Answer>> {
    const answers = new Map<string, Answer>();
    const route = await state.route;
    let rest = addresses;
    while (route.kind === "hosts" && state.catchAll === null && state.givenUp === null) {
      // Another piece is asking it: its answer may settle the question (or end the asking) for this one too.
      if (state.probing !== null) {
        await state.probing;
        continue;
      }
      const first = rest.slice(0, RECIPIENTS_PER_CONNECTION);
      rest = rest.slice(RECIPIENTS_PER_CONNECTION);
      const probing = this.askCatchAll(route, state, first, asking);
      state.probing = probing;
      try {
        for (const [address, answer] of await probing) answers.set(address, answer);
      } finally {
        state.probing = null;
      }
      break;
    }
    // A server that refuses the check, or cannot be reached, is not tried again for every piece of the file.
    const stop = route.kind === "none" ? route.cause : state.givenUp;
    if (route.kind === "none" || stop !== null) {
      for (const address of rest) answers.set(address, { unknown: stop ?? "no_mail_server" });
      return answers;
    }
    // At a catch-all domain asking each address tells nothing: they are not asked.
    if (state.catchAll === true) {
      for (const address of rest) answers.set(address, "accepted");
      return answers;
    }
    const chunks: string[][] = [];
    for (let i = 0; i < rest.length; i += RECIPIENTS_PER_CONNECTION) chunks.push(rest.slice(i, i + RECIPIENTS_PER_CONNECTION));
    // All at once: the domain's connection slots take them in turn, earlier pieces' first.
    const said = await Promise.all(chunks.map((chunk) => this.converse(route, state, chunk, asking)));
    for (const each of said) for (const [address, answer] of each) answers.set(address, answer);
    return answers;
  }

  // The random address, with the first few addresses in the same conversation.
  private async askCatchAll(route: Extract<MailRoute, { kind: "hosts" }>, state: DomainState, first: readonly string[], asking: Asking) {
    const answers = new Map<string, Answer>();
    const probe = state.probe;
    const said = await this.converse(route, state, [probe, ...first], asking, probe);
    const verdict = said.get(probe);
    if (verdict === "accepted") state.catchAll = true;
    else if (verdict === "not_found" || verdict === "full") state.catchAll = false;
    else if (verdict === "refused") state.givenUp = "refused_check";
    else if (typeof verdict === "object") state.givenUp = verdict.unknown;
    // At a catch-all domain the conversation stopped after the probe: nothing more to learn.
    for (const address of first) answers.set(address, state.catchAll === true ? "accepted" : (said.get(address) ?? "retry"));
    return answers;
  }

  // One connection: hello, MAIL FROM, RCPT TO per address, QUIT. Never DATA. With a
  // `probe`, the conversation ends as soon as the server accepts it.
  private async converse(
    route: Extract<MailRoute, { kind: "hosts" }>,
    state: DomainState,
    addresses: readonly string[],
    { budget, order }: Asking,
    probe: string | null = null,
  ) {
    const answers = new Map<string, Answer>();
    const setRest = (answer: Answer) => {
      for (const address of addresses) if (!answers.has(address)) answers.set(address, answer);
    };
    // The domain's slot first: a connection slot is not held while waiting for the domain.
    await state.connections.acquire(order);
    await this.connections.acquire(order);
    let session: SmtpSession | null = null;
    try {
      if (budget.aborted) return setRestAndReturn(answers, setRest, "retry");
      const opened = await this.connect(route, budget);
      if (opened === null) return setRestAndReturn(answers, setRest, { unknown: "no_connection" });
      session = opened.session;
      const hello = opened.greeting.code !== 220 ? opened.greeting : opened.hello;
      if (hello.code !== 250) return setRestAndReturn(answers, setRest, refusal(hello.code));
      const from = await session.command(`MAIL FROM:<${this.settings.mailFrom}>`);
      if (from.code !== 250) return setRestAndReturn(answers, setRest, refusal(from.code));
      for (const address of addresses) {
        await this.pace(state, budget);
        const reply = await session.command(`RCPT TO:<${address}>`);
        // 421: the server is closing the connection; the rest is asked again later.
        if (reply.code === 421) break;
        const reading = readRcptReply(reply);
        answers.set(address, reading === "temporary" ? "retry" : reading);
        if (address === probe && reading === "accepted") break;
      }
      setRest("retry");
    } catch (error) {
      this.rethrowIfStopped(error);
      // A connection lost midway (or the budget running out): the unanswered are asked again.
      setRest("retry");
    } finally {
      await session?.quit();
      this.connections.release();
      state.connections.release();
    }
    return answers;
  }

  // Tries the mail servers in order of preference until one answers. A server whose TLS
  // fails is asked again in plain text, as mail servers do with each other.
  private async connect(route: Extract<MailRoute, { kind: "hosts" }>, budget: AbortSignal) {
    for (const host of route.hosts) {
      const open = (startTls: boolean) =>
        SmtpSession.open({
          host: host.ip,
          serverName: host.name,
          port: this.settings.port,
          heloName: this.settings.heloName,
          startTls,
          proxy: this.settings.proxy,
          timeoutMs: this.settings.timeoutMs,
          signal: budget,
        });
      try {
        return await open(this.settings.startTls).catch((error: unknown) => {
          if (error instanceof SmtpConnectionError && error.stage === "tls") return open(false);
          throw error;
        });
      } catch (error) {
        this.rethrowIfStopped(error);
        if (!(error instanceof SmtpConnectionError) || error.stage !== "connect") throw error;
      }
    }
    return null;
  }

  private async pace(state: DomainState, budget: AbortSignal): Promise<void> {
    const now = Date.now();
    const wait = state.nextQuestionAt - now;
    state.nextQuestionAt = Math.max(now, state.nextQuestionAt) + this.settings.domainIntervalMs;
    if (wait > 0) await sleep(wait, undefined, { signal: budget });
  }

  private domainState(domain: string): DomainState {
    let state = this.domains.get(domain);
    if (state === undefined) {
      if (this.domains.size >= DOMAIN_CACHE_LIMIT) this.domains.clear();
      const route = findMailRoute(domain, { servers: this.settings.dnsServers, timeoutMs: this.settings.timeoutMs });
      state = {
        route,
        probe: `${randomLocalPart()}@${domain}`,
        catchAll: null,
        probing: null,
        connections: new Slots(this.settings.domainConcurrency),
        nextQuestionAt: 0,
        givenUp: null,
      };
      this.domains.set(domain, state);
    }
    return state;
  }

  // The job being stopped ends everything; the budget running out ends only the asking.
  private rethrowIfStopped(error: unknown): void {
    if (this.signal.aborted) throw this.signal.reason;
    if (!(error instanceof SmtpConnectionError) && !(error instanceof DOMException) && !(error instanceof Error && error.name === "AbortError")) {
      throw error;
    }
  }
}

function setRestAndReturn(answers: Map<string, Answer>, setRest: (answer: Answer) => void, answer: Answer): Map<string, Answer> {
  setRest(answer);
  return answers;
}

// A refused hello or sender concerns every address of the connection.
function refusal(code: number): Answer {
  return code >= 400 && code < 500 ? "retry" : { unknown: "refused_check" };
}

function toResult(answer: Answer, catchAll: boolean | null, budget: AbortSignal): MailboxResult {
  if (answer === "retry") return { kind: "unknown", cause: budget.aborted ? "time_budget" : "try_again_later" };
  if (typeof answer === "object") return { kind: "unknown", cause: answer.unknown };
  switch (answer) {
    case "accepted":
      return catchAll === true ? { kind: "catch_all" } : { kind: "deliverable" };
    case "not_found":
      return { kind: "undeliverable" };
    case "full":
      return { kind: "full" };
    case "refused":
      return { kind: "unknown", cause: "refused_check" };
    case "temporary":
      return { kind: "unknown", cause: "try_again_later" };
  }
}

// Letters and digits only, long enough that no real mailbox has it.
function randomLocalPart(): string {
  return `x${randomBytes(12).toString("hex")}`;
}

// A counting semaphore: connections open at once, over all domains or to one. Waits are
// served lowest `order` first (an earlier piece of the file), in turn among equals.
class Slots {
  private free: number;
  private readonly waiting: { readonly order: number; readonly resolve: () => void }[] = [];

  constructor(size: number) {
    this.free = size;
  }

  async acquire(order: number): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return;
    }
    await new Promise<void>((resolve) => {
      let at = this.waiting.length;
      while (at > 0 && (this.waiting[at - 1]?.order ?? 0) > order) at--;
      this.waiting.splice(at, 0, { order, resolve });
    });
  }

  release(): void {
    const next = this.waiting.shift();
    if (next !== undefined) next.resolve();
    else this.free++;
  }
}
