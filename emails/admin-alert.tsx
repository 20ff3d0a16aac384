// To operators (ADMIN_EMAILS): a job failed for good after all its retries. Alerts are
// throttled, so one email may stand for several failures (`failuresInWindow`).
import { Heading, Section, Text } from "@react-email/components";
import type { CSSProperties } from "react";
import { EmailButton } from "./_components/email-button";
import { formatDateTime, plural } from "./_components/format";
import { EmailLayout } from "./_components/layout";
import { colors, textStyles } from "./_components/styles";

export type AdminAlertEmailProps = Readonly<{
  queue: string;
  jobId: string;
  /** The last error, as recorded. */
  error: string;
  attempts: number;
  failedAt: Date | string;
  timeZone: string;
  /** Jobs that failed for good since the previous alert, this one included. */
  failuresInWindow: number;
  /** The admin page (dead-letter queue, replay). */
  adminUrl: string;
  unsubscribeUrl?: string;
  preferencesUrl?: string;
}>;

export default function AdminAlertEmail(props: AdminAlertEmailProps) {
  const others = props.failuresInWindow - 1;
  const heading = `Job failed after ${plural(props.attempts, "attempt")}`;
  return (
    <EmailLayout
      preview={`${props.queue}: ${props.error}`}
      unsubscribeUrl={props.unsubscribeUrl}
      preferencesUrl={props.preferencesUrl}
    >
      <Heading as="h1" style={textStyles.heading}>
        {heading}
      </Heading>
      <Section style={styles.facts}>
        <Text style={styles.fact}>Queue: {props.queue}</Text>
        <Text style={styles.fact}>Job: {props.jobId}</Text>
        <Text style={styles.fact}>Failed: {formatDateTime(props.failedAt, props.timeZone)}</Text>
      </Section>
      <Text style={styles.error}>{props.error}</Text>
      {others > 0 ? (
        <Text style={textStyles.text}>{`${plural(others, "other job")} also failed for good since the last alert.`}</Text>
      ) : null}
      <EmailButton href={props.adminUrl}>Open dead-letter queue</EmailButton>
    </EmailLayout>
  );
}

AdminAlertEmail.PreviewProps = {
  queue: "process-file",
  jobId: "job_preview_9b2e",
  error: "PreviewError: connect ECONNREFUSED 127.0.0.1:9000 (object storage)",
  attempts: 8,
  failedAt: "2025-03-04T20:30:00.000Z",
  timeZone: "UTC",
  failuresInWindow: 3,
  adminUrl: "http://localhost:3000/admin/queues",
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
