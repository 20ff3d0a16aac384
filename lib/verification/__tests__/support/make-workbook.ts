// Builds .xlsx files for tests with exceljs' own writers: the whole-workbook one, which
// uses shared strings like Excel, and the streaming one, which writes sheets before
// the shared strings (the order Excel saves in).
import { PassThrough } from "node:stream";
import { buffer } from "node:stream/consumers";
import ExcelJS, { type CellValue } from "exceljs";

export type SheetRows = { name: string; rows: CellValue[][]; state?: "visible" | "hidden" };

export async function makeWorkbook(sheets: readonly SheetRows[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(sheet.name, { state: sheet.state ?? "visible" });
    for (const row of sheet.rows) worksheet.addRow(row);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Streams a workbook the way Excel lays it out: sheets first, shared strings after them. */
export async function makeStreamedWorkbook(sheets: readonly SheetRows[]): Promise<Buffer> {
  const stream = new PassThrough();
  const bytes = buffer(stream);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: true, useStyles: true });
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(sheet.name);
    for (const row of sheet.rows) worksheet.addRow(row).commit();
    worksheet.commit();
  }
  await workbook.commit();
  return bytes;
}
