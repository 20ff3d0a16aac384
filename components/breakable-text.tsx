import { Fragment } from "react";

/**
 * Where an address or URL may wrap: after "@" and "/", and before "." — so a narrow
 * column shows `newcomer@` / `acme-mail.com`, never `newcomer@acme-ma` / `il.com`.
 */
export function breakableSegments(text: string): string[] {
  return text.split(/(?<=[@/])|(?=\.)/).filter((segment) => segment.length > 0);
}

/**
 * An address or URL with line-break opportunities (<wbr>) at its natural seams. Pair it
 * with `overflow-wrap: break-word` (not `anywhere`), which breaks inside a piece only
 * when the piece alone is wider than the column.
 */
export function BreakableText({ text }: { text: string }) {
  const segments = breakableSegments(text);
  return (
    <>
      {segments.map((segment, index) => (
        <Fragment key={index}>
          {index > 0 ? <wbr /> : null}
          {segment}
        </Fragment>
      ))}
    </>
  );
}
