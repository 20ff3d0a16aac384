// "Result files" on the API page: what the cleaned and report CSVs hold, verdicts, reason
// codes and row issues, generated from the same tables the processor writes from, so the
// page cannot drift from the files.
import {
  duplicateReasonSchema,
  invalidReasonSchema,
  noteReasonSchema,
  type ReasonCode,
  reasonText,
  riskyReasonSchema,
  verdictSchema,
  verdictText,
} from "@/lib/verification/verdicts";
import { reportColumnText, reportFixColumnText, rowIssueSchema, rowIssueText } from "@/lib/verification/verification-summary";
import { ScrollRegion } from "@/components/scroll-region";
import styles from "./api-docs.module.css";

const reasonsByVerdict: readonly (readonly [string, readonly ReasonCode[]])[] = [
  ["invalid", invalidReasonSchema.options],
  ["risky", riskyReasonSchema.options],
  ["duplicate", duplicateReasonSchema.options],
  // A note: the row keeps the verdict the other checks gave.
  ["unchanged", noteReasonSchema.options],
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
      <CodeTable
        caption="Columns the report adds"
        headings={["Column", "Holds"]}
        rows={Object.entries({ ...reportColumnText, ...reportFixColumnText }).map(([column, text]) => [column, text])}
      />
      <p>
        Rows keep the header&apos;s width. An email cell written as a name and an address (<code>Jane Doe &lt;jane@example.net&gt;</code>,{" "}
        <code>&quot;Doe, Jane&quot; &lt;jane@example.net&gt;</code>) is read as the address, the name going to <code>display_name</code>. A cell
        holding several addresses (separated by <code>&#160;:::&#160;</code>, <code>;</code> or <code>,</code>) loses none of them: each gets
        a row of its own in both files, the other cells repeated, with <code>address_in_cell</code> saying which it is and the row issue{" "}
        <code>several_addresses</code>.
      </p>
      <p>
        The files keep your data as it was, with one exception: nothing in them can run as a spreadsheet formula, whichever of comma,
        semicolon or tab a spreadsheet splits the lines at. Wherever a field could start with <code>=</code>, <code>+</code>,{" "}
        <code>-</code>, <code>@</code>, tab or carriage return (at the start of a cell, or after a comma, semicolon, tab or line break
        inside it), a <code>&apos;</code> goes in front. A cell that is only a signed number or a phone number (<code>-12.5</code>,{" "}
        <code>+44 20 7946 0958</code>) is data and stays as it is, except as the first cell of a line, where a spreadsheet splitting at
        another character would run it into the next cells.
      </p>

      <h3 id="verdicts-title">Verdicts and reasons</h3>
      <CodeTable caption="Verdicts" headings={["Verdict", "Means"]} rows={verdictSchema.options.map((verdict) => [verdict, verdictText[verdict]])} />
      <CodeTable
        caption="Reason codes"
        headings={["Reason", "Verdict", "Means"]}
        rows={reasonsByVerdict.flatMap(([verdict, reasons]) => reasons.map((reason) => [reason, verdict, reasonText[reason]]))}
      />

      <h3 id="row-issues-title">Row issues</h3>
      <p>A row with a structural problem is still judged and written; its report row says what was wrong. No row problem fails a file.</p>
      <CodeTable caption="Row issues" headings={["row_issue", "Means"]} rows={rowIssueSchema.options.map((issue) => [issue, rowIssueText[issue]])} />
    </section>
  );
}

// A table keyed by a code (first column, a row header) with plain text after it.
function CodeTable({ caption, headings, rows }: { caption: string; headings: readonly string[]; rows: readonly (readonly [string, ...string[]])[] }) {
  return (
    <ScrollRegion label={caption}>
      <table className={styles.table}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {headings.map((heading) => (
              <th key={heading} scope="col">
                {heading}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(([code, ...cells]) => (
            <tr key={code}>
              <th scope="row">
                <code>{code}</code>
              </th>
              {cells.map((cell, index) => (
                <td key={headings[index + 1]}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
