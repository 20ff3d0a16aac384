// bench:load's simulated people: each one a loop in this one process that does what a
// person (or their script) does, one request at a time with a pause to think between
// them, until the deadline. Every request is timed to its first byte and to its last.
import { contactsCsv } from "./load-csv";
import type { Person } from "./load-seed";

export const KINDS = {
  dashboard: "dashboard (GET /dashboard)",
  dashboardBig: "dashboard, 10,000 batches",
  batchPage: "batch page poll (GET /batches/:id)",
  uploadDashboard: "upload, dashboard (POST /api/batches)",
  uploadApi: "upload, API (POST /api/v1/batches)",
  apiList: "API list (GET /api/v1/batches)",
  apiListBig: "API list, 10,000 batches, paging",
  apiGet: "API batch poll (GET /api/v1/batches/:id)",
  download: "download a result CSV",
} as const;
export type Kind = keyof typeof KINDS;

export type Sample = { kind: Kind; at: number; status: number; ttfbMs: number; totalMs: number; bytes: number; error?: string };

/** Rows per upload, drawn with these weights: most lists are small, a few are big. */
const UPLOAD_SIZES: [rows: number, weight: number][] = [
  [1_000, 0.4],
  [5_000, 0.3],
  [20_000, 0.2],
  [100_000, 0.1],
];

const csvCache = new Map<number, Blob>();
function csvOf(rows: number): Blob {
  let blob = csvCache.get(rows);
  if (!blob) csvCache.set(rows, (blob = new Blob([contactsCsv(rows)], { type: "text/csv" })));
  return blob;
}

function pickUploadRows(random: () => number): number {
  let roll = random();
  for (const [rows, weight] of UPLOAD_SIZES) {
    if ((roll -= weight) <= 0) return rows;
  }
  return UPLOAD_SIZES[0]![0];
}

/** A small seeded generator, so two runs make the same choices. */
function randomFrom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

export type LoadOptions = {
  baseUrl: string;
  deadline: number;
  thinkMs: [min: number, max: number];
  /** Asked before each request; a hard stop for whatever is still running after the deadline. */
  signal: AbortSignal;
  record: (sample: Sample) => void;
};

type ApiBatch = { id: string; status: string; files?: { downloads?: { cleaned?: string | null; report?: string | null } | null }[] };

async function timed(kind: Kind, url: string, init: RequestInit, options: LoadOptions, okStatus = [200]): Promise<Response | null> {
  const started = performance.now();
  try {
    const response = await fetch(url, { ...init, redirect: "manual", signal: options.signal });
    const ttfbMs = performance.now() - started;
    const body = await response.arrayBuffer();
    const totalMs = performance.now() - started;
    const ok = okStatus.includes(response.status);
    options.record({
      kind,
      at: Date.now(),
      status: response.status,
      ttfbMs,
      totalMs,
      bytes: body.byteLength,
      ...(ok ? {} : { error: `HTTP ${response.status} ${Buffer.from(body).toString("utf8").slice(0, 160)}` }),
    });
    return ok ? new Response(body, { status: response.status, headers: response.headers }) : null;
  } catch (error) {
    if (options.signal.aborted) return null;
    options.record({ kind, at: Date.now(), status: 0, ttfbMs: 0, totalMs: performance.now() - started, bytes: 0, error: String(error) });
    return null;
  }
}

/**
 * One person until the deadline: uploads a list (by the dashboard or the API), follows it
 * on the batch page and through the API until it has finished, downloads its results,
 * looks at the dashboard and the list in between, then uploads the next one. The
 * person with `bigAccount` set owns the account with 10,000 batches and pages through it.
 */
export async function runPerson(person: Person, options: LoadOptions, bigAccount = false): Promise<void> {
  const random = randomFrom(person.index * 7919 + 17);
  const { baseUrl } = options;
  const cookie = { cookie: `authjs.session-token=${person.sessionToken}` };
  const bearer = { authorization: `Bearer ${person.apiToken}` };
  let watching: string | null = null;
  let downloads: string[] = [];
  let bigCursor: string | null = null;
  let uploads = 0;

  const think = () => new Promise((resolve) => setTimeout(resolve, options.thinkMs[0] + random() * (options.thinkMs[1] - options.thinkMs[0])));

  while (Date.now() < options.deadline && !options.signal.aborted) {
    const roll = random();
    if (!watching && downloads.length === 0 && (uploads === 0 || roll < 0.3)) {
      const rows = pickUploadRows(random);
      const form = new FormData();
      form.append("files", csvOf(rows), `contacts-${person.index}-${uploads}-${rows}.csv`);
      const viaApi = uploads % 2 === 1;
      const response = viaApi
        ? await timed("uploadApi", `${baseUrl}/api/v1/batches`, { method: "POST", headers: bearer, body: form }, options, [202])
        : await timed(
            "uploadDashboard",
            `${baseUrl}/api/batches`,
            { method: "POST", headers: { ...cookie, origin: baseUrl, "sec-fetch-site": "same-origin" }, body: form },
            options,
            [202],
          );
      uploads += 1;
      if (response) watching = ((await response.json()) as { batch: { id: string } }).batch.id;
    } else if (watching && roll < 0.45) {
      // Following the upload: the page (what the browser's live refresh asks for) and the API.
      if (roll < 0.25) {
        await timed("batchPage", `${baseUrl}/batches/${watching}`, { headers: cookie }, options);
      } else {
        const response = await timed("apiGet", `${baseUrl}/api/v1/batches/${watching}`, { headers: bearer }, options);
        const batch = response ? ((await response.json()) as { batch: ApiBatch }).batch : null;
        if (batch && !["queued", "processing"].includes(batch.status)) {
          downloads = (batch.files ?? []).flatMap((file) => [file.downloads?.cleaned, file.downloads?.report]).filter((url): url is string => Boolean(url));
          watching = null;
        }
      }
    } else if (downloads.length > 0 && roll < 0.6) {
      await timed("download", downloads.shift()!, { headers: bearer }, options);
    } else if (roll < 0.8) {
      await timed(bigAccount ? "dashboardBig" : "dashboard", `${baseUrl}/dashboard`, { headers: cookie }, options);
    } else if (bigAccount) {
      const query: string = bigCursor ? `limit=50&cursor=${bigCursor}` : "limit=50";
      const response = await timed("apiListBig", `${baseUrl}/api/v1/batches?${query}`, { headers: bearer }, options);
      bigCursor = response ? ((await response.json()) as { nextCursor: string | null }).nextCursor : null;
    } else {
      await timed("apiList", `${baseUrl}/api/v1/batches?limit=20`, { headers: bearer }, options);
    }
    await think();
  }
}
