// "Result files" on the API page: what the cleaned and report CSVs hold, verdicts, reason
// codes and row issues, generated from the same tables the processor writes from, so the
// page cannot drift from the files.
import {
  duplicateReasonSchema,
  invalidReasonSchema,
  type ReasonCode,
  reasonText,
  riskyReasonSchema,
  type Verdict,
  verdictSchema,
  verdictText,
} from "@/lib/verification/verdicts";
import { reportColumnText, rowIssueSchema, rowIssueText } from "@/lib/verification/verification-summary";
import styles from "./api-docs.module.css";

const reasonsByVerdict: readonly (readonly [Verdict, readonly ReasonCode[]])[] = [
  ["invalid", invalidReasonSchema.options],
  ["risky", riskyReasonSchema.options],
  ["duplicate", duplicateReasonSchema.options],
];

export function ResultFilesSection() {
  return (
    <section aria-labelledby="results-title" id="results">
      <h2 id="results-title">Result files</h2>
      <p>
        Each file that is processed gets two CSVs, in UTF-8 with the file&apos;s own delimiter (and a byte order mark if it had one). The{" "}
        <strong>cleaned CSV</strong> holds the valid rows with their original columns plus <code>normalized_email</code>. The{" "}
        <strong>report CSV</strong> holds every row with these columns added:
      </p>
      <table className={styles.table}>
        <caption className="visually-hidden">Columns the report adds</caption>
        <thead>
          <tr>
            <th scope="col">Column</th>
            <th scope="col">Holds</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(reportColumnText).map(([column, text]) => (
            <tr key={column}>
              <th scope="row">
                <code>{column}</code>
              </th>
              <td>{text}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        Rows keep the header&apos;s width. A cell that a spreadsheet would run as a formula (starting with <code>=</code>, <code>+</code>,{" "}
        <code>-</code>, <code>@</code>, tab or carriage return) gets a leading <code>&apos;</code> in both files, so opening them cannot run
        anything; a phone number <code>+1 555…</code> comes out as <code>&apos;+1 555…</code>.
      </p>

      <h3 id="verdicts-title">Verdicts and reasons</h3>
      <table className={styles.table}>
        <caption className="visually-hidden">Verdicts</caption>
        <thead>
          <tr>
            <th scope="col">Verdict</th>
            <th scope="col">Means</th>
          </tr>
        </thead>
        <tbody>
          {verdictSchema.options.map((verdict) => (
            <tr key={verdict}>
              <th scope="row">
                <code>{verdict}</code>
              </th>
              <td>{verdictText[verdict]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className={styles.table}>
        <caption className="visually-hidden">Reason codes</caption>
        <thead>
          <tr>
            <th scope="col">Reason</th>
            <th scope="col">Verdict</th>
            <th scope="col">Means</th>
          </tr>
        </thead>
        <tbody>
          {reasonsByVerdict.flatMap(([verdict, reasons]) =>
            reasons.map((reason) => (
              <tr key={reason}>
                <th scope="row">
                  <code>{reason}</code>
                </th>
                <td>{verdict}</td>
                <td>{reasonText[reason]}</td>
              </tr>
            )),
          )}
        </tbody>
      </table>

      <h3 id="row-issues-title">Row issues</h3>
      <p>A row with a structural problem is still judged and written; its report row says what was wrong. No row problem fails a file.</p>
      <table className={styles.table}>
        <caption className="visually-hidden">Row issues</caption>
        <thead>
          <tr>
            <th scope="col">row_issue</th>
            <th scope="col">Means</th>
          </tr>
        </thead>
        <tbody>
          {rowIssueSchema.options.map((issue) => (
            <tr key={issue}>
              <th scope="row">
                <code>{issue}</code>
              </th>
              <td>{rowIssueText[issue]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
