// To operators (ADMIN_EMAILS): a job failed for good after all its retries. Alerts are
// throttled, so one email may stand for several failures (`failuresInWindow`); given
// `queueCounts`, it says how many failed in which queue and lists the latest errors.
import { Heading, Section, Text } from "@react-email/components";
import type { CSSProperties } from "react";
import { EmailButton } from "./_components/email-button";
import { formatDateTime, plural } from "./_components/format";
import { EmailLayout } from "./_components/layout";
import { colors, textStyles } from "./_components/styles";

export type AdminAlertFailure = Readonly<{ queue: string; jobId: string; error: string; failedAt: Date | string }>;

export type AdminAlertEmailProps = Readonly<{
  /** The latest failure: its queue, job, last error, attempts and time. */
  queue: string;
  jobId: string;
  /** The last error, as recorded. */
  error: string;
  attempts: number;
  failedAt: Date | string;
  timeZone: string;
  /** Jobs that failed for good since the previous alert, this one included. */
  failuresInWindow: number;
  /** How long those failures span, e.g. "5 minutes" ("… in the last 5 minutes"). */
  window?: string;
  /** Those failures per queue, most first. */
  queueCounts?: ReadonlyArray<Readonly<{ queue: string; count: number }>>;
  /** A few more of the latest failures, newest first, besides the one above. */
  otherFailures?: ReadonlyArray<AdminAlertFailure>;
  /** The admin page (dead-letter queue, replay). */
  adminUrl: string;
  unsubscribeUrl?: string;
  preferencesUrl?: string;
}>;

/** "2 × batch.process-file, 1 × notification.send-email". */
function countsLine(counts: NonNullable<AdminAlertEmailProps["queueCounts"]>): string {
  return counts.map(({ queue, count }) => `${count} × ${queue}`).join(", ");
}

export default function AdminAlertEmail(props: AdminAlertEmailProps) {
  const others = props.failuresInWindow - 1;
  const folded = others > 0 && props.queueCounts && props.queueCounts.length > 0 ? props.queueCounts : null;
  const heading = folded
    ? `${plural(props.failuresInWindow, "job")} failed for good${props.window ? ` in the last ${props.window}` : ""}`
    : `Job failed after ${plural(props.attempts, "attempt")}`;
  return (
    <EmailLayout
      preview={folded ? `${heading}: ${countsLine(folded)}` : `${props.queue}: ${props.error}`}
      unsubscribeUrl={props.unsubscribeUrl}
      preferencesUrl={props.preferencesUrl}
    >
      <Heading as="h1" style={textStyles.heading}>
        {heading}
      </Heading>
      {folded ? (
        <>
          <Text style={textStyles.text}>{countsLine(folded)}</Text>
          <Heading as="h2" style={textStyles.subheading}>
            Latest
          </Heading>
        </>
      ) : null}
      <Section style={styles.facts}>
        <Text style={styles.fact}>Queue: {props.queue}</Text>
        <Text style={styles.fact}>Job: {props.jobId}</Text>
        <Text style={styles.fact}>Attempts: {props.attempts}</Text>
        <Text style={styles.fact}>Failed: {formatDateTime(props.failedAt, props.timeZone)}</Text>
      </Section>
      <Text style={styles.error}>{props.error}</Text>
      {folded && props.otherFailures && props.otherFailures.length > 0 ? (
        <>
          <Heading as="h2" style={textStyles.subheading}>
            Before that
          </Heading>
          {props.otherFailures.map((failure) => (
            <Section key={`${failure.queue}:${failure.jobId}`} style={styles.facts}>
              <Text style={styles.fact}>
                {failure.queue} · {failure.jobId} · {formatDateTime(failure.failedAt, props.timeZone)}
              </Text>
              <Text style={styles.error}>{failure.error}</Text>
            </Section>
          ))}
        </>
      ) : null}
      {others > 0 && !folded ? (
        <Text style={textStyles.text}>{`${plural(others, "other job")} also failed for good since the last alert.`}</Text>
      ) : null}
      <EmailButton href={props.adminUrl}>Open dead-letter queue</EmailButton>
    </EmailLayout>
  );
}

AdminAlertEmail.PreviewProps = {
  queue: "batch.process-file",
  jobId: "job_preview_9b2e",
  error: "PreviewError: connect ECONNREFUSED 127.0.0.1:9000 (object storage)",
  attempts: 4,
  failedAt: "2025-03-04T20:30:00.000Z",
  timeZone: "UTC",
  failuresInWindow: 3,
  window: "5 minutes",
  queueCounts: [
    { queue: "batch.process-file", count: 2 },
    { queue: "notification.send-email", count: 1 },
  ],
  otherFailures: [
    { queue: "notification.send-email", jobId: "job_preview_41c7", error: "PreviewError: provider answered 503", failedAt: "2025-03-04T20:28:00.000Z" },
    { queue: "batch.process-file", jobId: "job_preview_77d0", error: "PreviewError: connect ECONNREFUSED 127.0.0.1:9000", failedAt: "2025-03-04T20:26:00.000Z" },
  ],
  adminUrl: "http://localhost:3000/admin#dead-letters",
} satisfies AdminAlertEmailProps;

const styles = {
  facts: { margin: "0 0 8px" },
  fact: { fontSize: "14px", lineHeight: "20px", margin: 0 },
  error: {
    ...textStyles.mono,
    backgroundColor: "#fef2f2",
    border: `1px solid #fecaca`,
    borderRadius: "6px",
    color: colors.failed,
    margin: "8px 0 16px",
    padding: "12px",
  },
} satisfies Record<string, CSSProperties>;
