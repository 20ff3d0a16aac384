// GET /dev/mailbox — every email the dev mailbox transport stored, newest first.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { listMailboxMessages } from "@/lib/email/mailbox";
import { env } from "@/lib/env";
import { clearMailboxAction } from "./actions";
import { AutoRefresh } from "./auto-refresh";
import styles from "./mailbox.module.css";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Dev mailbox" };

export default async function MailboxPage() {
  if (env().EMAIL_TRANSPORT !== "mailbox") notFound();
  const messages = await listMailboxMessages({ limit: 100 });
  const now = new Date();

  return (
    <main className={styles.page}>
      <AutoRefresh />
      <header className={styles.header}>
        <div>
          <h1 className={styles.title}>Dev mailbox</h1>
          <p className={styles.muted}>
            No email provider is configured, so Tidings keeps outgoing email here instead of sending it.
          </p>
        </div>
        {messages.length > 0 ? (
          <form action={clearMailboxAction}>
            <button type="submit" className={styles.dangerButton}>
              Clear mailbox
            </button>
          </form>
        ) : null}
      </header>

      {messages.length === 0 ? (
        <p className={styles.empty} role="status">
          No messages yet — sign in from another tab and the email will appear here
        </p>
      ) : (
        <table className={styles.table}>
          <caption className={styles.visuallyHidden}>Stored messages, newest first</caption>
          <thead>
            <tr>
              <th scope="col">To</th>
              <th scope="col">Subject</th>
              <th scope="col">Received</th>
            </tr>
          </thead>
          <tbody>
            {messages.map((message) => (
              <tr key={message.id}>
                <td className={styles.mono}>{message.to.join(", ")}</td>
                <td>
                  <Link href={`/dev/mailbox/${message.id}`} className={styles.link}>
                    {message.subject || "(no subject)"}
                  </Link>
                </td>
                <td className={styles.nowrap}>
                  <time dateTime={message.createdAt.toISOString()} title={message.createdAt.toUTCString()}>
                    {relativeTime(message.createdAt, now)}
                  </time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ["day", 86_400],
  ["hour", 3_600],
  ["minute", 60],
];

function relativeTime(date: Date, now: Date): string {
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  const format = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  return Math.abs(seconds) < 10 ? "just now" : format.format(seconds, "second");
}
