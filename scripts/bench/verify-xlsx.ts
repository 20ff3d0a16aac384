// The .xlsx row of bench:verify: the same generated rows as a CSV and as workbooks,
// through the real processor, time and peak RSS side by side. Two workbooks: one with
// shared strings, as Excel saves (every distinct text in one table that the streaming
// reader must keep in memory, after the sheet, which it parks in a temporary file), and
// one with inline strings (each cell holds its text, as some exporters write), which
// shows what the shared-strings table costs.
import { createReadStream } from "node:fs";
import { mkdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import ExcelJS from "exceljs";
import Papa from "papaparse";
import { WORKER_NODE_FLAGS } from "../../worker/node-flags";
import { writeContactCsv } from "./verify-data";

const MB = 1024 * 1024;

export type Measured = { ms: number; rows: number; peakRssBytes: number; hwmBytes: number | null };
type Measure = (nodeFlags: readonly string[], args: readonly string[]) => Promise<Measured>;

/** Writes the CSV's rows to a workbook of one sheet, streaming (the CSV never sits in memory). */
export async function writeContactXlsx(csvFile: string, xlsxFile: string, useSharedStrings: boolean): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: xlsxFile, useSharedStrings, useStyles: false });
  const sheet = workbook.addWorksheet("Contacts");
  await new Promise<void>((resolve, reject) => {
    Papa.parse<string[]>(createReadStream(csvFile, { encoding: "utf8" }), {
      delimiter: ",",
      newline: "\n",
      skipEmptyLines: true,
      step: (result) => sheet.addRow(result.data).commit(),
      complete: () => resolve(),
      error: reject,
    });
  });
  sheet.commit();
  await workbook.commit();
}

export async function benchmarkXlsx(sizes: readonly number[], dir: string, measure: Measure): Promise<void> {
  if (sizes.length === 0) return;
  console.log("");
  console.log("| rows | CSV MB | processor s (CSV) | peak RSS MB (CSV) | xlsx MB (shared strings) | processor s (xlsx) | peak RSS MB (xlsx) | xlsx MB (inline strings) | processor s (inline) | peak RSS MB (inline) |");
  console.log("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const rows of sizes) {
    const csv = path.join(dir, `xlsx-contacts-${rows}.csv`);
    const shared = path.join(dir, `contacts-${rows}-shared.xlsx`);
    const inline = path.join(dir, `contacts-${rows}-inline.xlsx`);
    const outDir = path.join(dir, "out-xlsx");
    await mkdir(outDir, { recursive: true });
    await writeContactCsv(csv, rows);
    await writeContactXlsx(csv, shared, true);
    await writeContactXlsx(csv, inline, false);
    const flags = WORKER_NODE_FLAGS;
    const fromCsv = await measure(flags, ["process", csv, outDir]);
    const fromShared = await measure(flags, ["process", shared, outDir]);
    const fromInline = await measure(flags, ["process", inline, outDir]);
    for (const measured of [fromShared, fromInline]) {
      if (measured.rows !== fromCsv.rows) throw new Error(`the workbook gave ${measured.rows} rows, the CSV ${fromCsv.rows}`);
    }
    const sizeOf = async (file: string) => ((await stat(file)).size / MB).toFixed(0);
    console.log(
      `| ${[
        rows.toLocaleString("en"),
        await sizeOf(csv),
        seconds(fromCsv),
        megabytes(fromCsv),
        await sizeOf(shared),
        `${seconds(fromShared)} (${(fromShared.ms / fromCsv.ms).toFixed(1)}×)`,
        megabytes(fromShared),
        await sizeOf(inline),
        `${seconds(fromInline)} (${(fromInline.ms / fromCsv.ms).toFixed(1)}×)`,
        megabytes(fromInline),
      ].join(" | ")} |`,
    );
    await Promise.all([csv, shared, inline, outDir].map((file) => rm(file, { recursive: true, force: true })));
  }
}

function seconds(measured: Measured): string {
  return (measured.ms / 1000).toFixed(2);
}

function megabytes(measured: Measured): string {
  return (Math.max(measured.peakRssBytes, measured.hwmBytes ?? 0) / MB).toFixed(0);
}
