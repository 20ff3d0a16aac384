// Delimiter and line ending from the first lines of a file. Spreadsheets in locales
// that write decimal commas export with semicolons; some tools write tabs.

export type CsvDelimiter = "," | ";" | "\t";
export type CsvNewline = "\r\n" | "\n" | "\r";
export type CsvFormat = { readonly delimiter: CsvDelimiter; readonly newline: CsvNewline };

const candidates: readonly CsvDelimiter[] = [",", ";", "\t"];
const SAMPLE_RECORDS = 50;

/**
 * Guess the format from decoded text at the start of a file. Defaults to comma and LF.
 * `isWholeFile` says the sample is not cut off, so its last line is complete.
 */
export function sniffCsvFormat(sample: string, isWholeFile: boolean): CsvFormat {
  const { records, newline, endsMidRecord } = countDelimitersPerRecord(sample);
  const usable = records.length > 1 && endsMidRecord && !isWholeFile ? records.slice(0, -1) : records;
  let best: { delimiter: CsvDelimiter; score: number; perRecord: number } = { delimiter: ",", score: 0, perRecord: 0 };
  candidates.forEach((delimiter, index) => {
    const counts = usable.map((record) => record[index] ?? 0);
    const perRecord = mostCommon(counts);
    if (perRecord === 0) return;
    const score = counts.filter((count) => count === perRecord).length / counts.length;
    if (score > best.score || (score === best.score && perRecord > best.perRecord)) best = { delimiter, score, perRecord };
  });
  return { delimiter: best.delimiter, newline: newline ?? "\n" };
}

// Counts for each candidate per record, outside quotes; blank records are skipped.
function countDelimitersPerRecord(sample: string): { records: number[][]; newline: CsvNewline | null; endsMidRecord: boolean } {
  const records: number[][] = [];
  let newline: CsvNewline | null = null;
  let counts = [0, 0, 0];
  let empty = true;
  let inQuotes = false;
  for (let i = 0; i < sample.length && records.length < SAMPLE_RECORDS; i++) {
    const character = sample[i];
    if (character === '"') {
      inQuotes = !inQuotes;
      empty = false;
      continue;
    }
    if (inQuotes) continue;
    if (character === "\n" || character === "\r") {
      if (newline === null) newline = character === "\r" ? (sample[i + 1] === "\n" ? "\r\n" : "\r") : "\n";
      if (character === "\r" && sample[i + 1] === "\n") i++;
      if (!empty) records.push(counts);
      counts = [0, 0, 0];
      empty = true;
      continue;
    }
    empty = false;
    const index = candidates.indexOf(character as CsvDelimiter);
    if (index !== -1) counts[index] = (counts[index] ?? 0) + 1;
  }
  const endsMidRecord = !empty && records.length < SAMPLE_RECORDS;
  if (endsMidRecord) records.push(counts);
  return { records, newline, endsMidRecord };
}

function mostCommon(values: readonly number[]): number {
  const tally = new Map<number, number>();
  for (const value of values) tally.set(value, (tally.get(value) ?? 0) + 1);
  let best = 0;
  let bestCount = 0;
  for (const [value, count] of tally) {
    if (count > bestCount || (count === bestCount && value > best)) {
      best = value;
      bestCount = count;
    }
  }
  return best;
}
