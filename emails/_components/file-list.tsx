// One line per file of a batch: its name, what happened, and for a failed file why.
import { Link, Section, Text } from "@react-email/components";
import type { CSSProperties } from "react";
import type { BatchEmailFile } from "./batch-data";
import { formatCount } from "./format";
import { colors } from "./styles";

export type FileListProps = Readonly<{ files: readonly BatchEmailFile[] }>;

export function FileList({ files }: FileListProps) {
  return (
    <Section style={styles.list}>
      {files.map((file, index) => (
        <Section key={`${index}-${file.name}`} style={styles.item}>
          <Text style={styles.name}>{file.name}</Text>
          <Text style={file.status === "failed" ? styles.failed : styles.detail}>{fileOutcome(file)}</Text>
          {file.fixUrl ? (
            <Text style={styles.detail}>
              <Link href={file.fixUrl} style={styles.link}>
                Pick the email column and run it again
              </Link>
            </Text>
          ) : null}
        </Section>
      ))}
    </Section>
  );
}

/** "9,812 valid of 10,000 rows", "… · 12 also in an earlier file of this batch", "Failed: The file is empty.", "Cancelled". */
export function fileOutcome(file: BatchEmailFile): string {
  switch (file.status) {
    case "completed": {
      const counts = `${formatCount(file.validRows)} valid of ${formatCount(file.totalRows)} ${file.totalRows === 1 ? "row" : "rows"}`;
      // Duplicates in this file's downloads, so not among its valid rows: said, or the numbers would puzzle.
      return file.crossFileDuplicates ? `${counts} · ${formatCount(file.crossFileDuplicates)} also in an earlier file of this batch` : counts;
    }
    case "failed":
      return file.reason ? `Failed: ${file.reason}` : "Failed: the file could not be processed.";
    case "cancelled":
      return "Cancelled before it was processed";
  }
}

const styles = {
  list: { margin: "8px 0 16px" },
  item: { borderBottom: `1px solid ${colors.border}`, padding: "8px 0" },
  name: { fontSize: "14px", fontWeight: 600, lineHeight: "20px", margin: 0, wordBreak: "break-all" },
  detail: { color: colors.muted, fontSize: "14px", lineHeight: "20px", margin: 0 },
  failed: { color: colors.failed, fontSize: "14px", lineHeight: "20px", margin: 0 },
  link: { color: colors.accent, textDecoration: "underline" },
} satisfies Record<string, CSSProperties>;
