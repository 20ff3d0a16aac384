// The progress of a workbook whose sheet exceljs parks in a temporary file (Excel's
// layout: the sheet before the shared strings) moves through the parse of that file
// instead of sitting near 100 % once the zip has been read; a sheet that streams
// straight from the zip counts the stored bytes, as a CSV does.
import { PassThrough, Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import { Parse as parseZip } from "unzipper";
import { describe, expect, it } from "vitest";
import { processContactList, type VerificationProgress } from "../process-contact-list";
import { readXlsxBatches } from "../read-xlsx-batches";
import { WorkbookProgress, ZIP_PASS_SHARE } from "../workbook-progress";
import { makeStreamedWorkbook } from "./support/make-workbook";
import { makeZip } from "./support/make-zip";

const rows = [["email", "name"], ...Array.from({ length: 20_000 }, (_, index) => [`person${index}@acme-mail.com`, `Person ${index % 300}`])];

// The stored file in 16 KB chunks, counting the bytes the reader has pulled.
function storedFile(bytes: Buffer, stored: { bytes: number }): Readable {
  return Readable.from(
    (function* () {
      for (let at = 0; at < bytes.length; at += 16 * 1024) {
        const chunk = bytes.subarray(at, at + 16 * 1024);
        stored.bytes += chunk.length;
        yield chunk;
      }
    })(),
  );
}

/** The bar's bytes after each batch of rows, and at the end. */
async function progressSequence(workbook: Buffer) {
  const stored = { bytes: 0 };
  const bar = new WorkbookProgress(stored);
  const parked: boolean[] = [];
  const samples: number[] = [];
  const storedAtSamples: number[] = [];
  const batches = readXlsxBatches(storedFile(workbook, stored), {
    onSheet: (_sheet, parkedSheet) => {
      parked.push(parkedSheet !== null);
      bar.sheetFound(parkedSheet);
    },
  });
  for await (const batch of batches) {
    bar.rows += batch.rows.length;
    samples.push(bar.bytes);
    storedAtSamples.push(stored.bytes);
  }
  return { parked, samples, storedAtSamples, end: bar.bytes, rows: bar.rows };
}

describe("the progress of a workbook", () => {
  it("fills the bar through the parked sheet's parse, from the zip pass's share to the whole file", async () => {
    const workbook = await makeStreamedWorkbook([{ name: "Export", rows }]);

    const { parked, samples, storedAtSamples, end, rows: read } = await progressSequence(workbook);

    expect(parked).toEqual([true]);
    expect(read).toBe(rows.length);
    // The zip had been read before the first row: counting its bytes alone would say 100 %.
    expect(storedAtSamples[0]).toBe(workbook.length);
    const percents = samples.map((bytes) => Math.floor((bytes / workbook.length) * 100));
    expect(percents[0]).toBeGreaterThanOrEqual(ZIP_PASS_SHARE * 100);
    expect(percents[0]).toBeLessThan(60);
    // It moves with every few batches, never back, and reaches the end only at the end.
    for (let index = 1; index < samples.length; index += 1) expect(samples[index]).toBeGreaterThanOrEqual(samples[index - 1] ?? 0);
    expect(new Set(percents).size).toBeGreaterThanOrEqual(5);
    expect(percents.filter((percent) => percent >= 99).length).toBeLessThan(percents.length / 4);
    expect(end).toBe(workbook.length);
  });

  it("counts the stored bytes when the sheet streams straight from the zip (shared strings first)", async () => {
    const saved = await makeStreamedWorkbook([{ name: "Export", rows }]);
    const parts: { name: string; content: Buffer }[] = [];
    for await (const entry of Readable.from([saved]).pipe(parseZip({ forceStream: true }))) parts.push({ name: entry.path, content: await buffer(entry) });
    const first = ["[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml"];
    const rank = (name: string) => (first.includes(name) ? first.indexOf(name) : first.length);
    const workbook = makeZip([...parts].sort((a, b) => rank(a.name) - rank(b.name)));

    const { parked, samples, storedAtSamples, end } = await progressSequence(workbook);

    expect(parked).toEqual([false]);
    expect(samples).toEqual(storedAtSamples);
    expect(end).toBe(workbook.length);
  });

  it("ends the processor's progress at the file's size, with the summary's bytes the stored ones", async () => {
    const workbook = await makeStreamedWorkbook([{ name: "Export", rows: rows.slice(0, 500) }]);
    const reported: VerificationProgress[] = [];

    const summary = await processContactList(Readable.from([workbook]), {
      cleaned: new PassThrough().resume(),
      report: new PassThrough().resume(),
      onProgress: (progress) => reported.push(progress),
    });

    expect(summary.bytes).toBe(workbook.length);
    expect(reported.at(-1)).toEqual({ rows: 499, bytes: workbook.length });
  });
});
