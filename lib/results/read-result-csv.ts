// Reads a result CSV Tidings stored (UTF-8, the upload's delimiter, its line ends) back
// into rows, a batch at a time, so converting it streams with bounded memory.
import type { Readable } from "node:stream";
import { readCsvBatches } from "../verification/read-csv-batches";
import type { CsvDelimiter, CsvNewline } from "../verification/sniff-csv-format";

/** Rows of the stored CSV, header first, in batches of about 64 KB of text. */
export async function* readResultCsv(input: Readable, delimiter: CsvDelimiter): AsyncGenerator<readonly string[][]> {
  // Strips the byte order mark a result starts with when its upload had one.
  const decoder = new TextDecoder("utf-8");
  const source = input[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let head = "";
  let ended = false;
  // The line end is whatever the first line ends with: results are written with one kind.
  while (!head.includes("\n")) {
    const next = await source.next();
    if (next.done === true) {
      ended = true;
      head += decoder.decode();
      break;
    }
    head += decoder.decode(next.value, { stream: true });
  }
  const newline: CsvNewline = head.includes("\r\n") ? "\r\n" : "\n";
  async function* text(): AsyncGenerator<string> {
    if (head !== "") yield head;
    if (ended) return;
    for (;;) {
      const next = await source.next();
      if (next.done === true) break;
      const piece = decoder.decode(next.value, { stream: true });
      if (piece !== "") yield piece;
    }
    const rest = decoder.decode();
    if (rest !== "") yield rest;
  }
  try {
    for await (const batch of readCsvBatches(text(), { delimiter, newline })) yield batch.rows;
  } finally {
    input.destroy();
  }
}
