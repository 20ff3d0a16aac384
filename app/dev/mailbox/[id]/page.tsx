// GET /dev/mailbox/:id — one stored email: headers, HTML and text versions, its links.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { EmailPreview } from "@/components/email-preview/email-preview";
import { extractLinks, getMailboxMessage } from "@/lib/email/mailbox";
import { env } from "@/lib/env";
import styles from "../mailbox.module.css";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Message · Dev mailbox" };

export default async function MailboxMessagePage({ params }: Readonly<{ params: Promise<{ id: string }> }>) {
  if (env().EMAIL_TRANSPORT !== "mailbox") notFound();
  const { id } = await params;
  const message = await getMailboxMessage(id);
  if (!message) notFound();
  const links = extractLinks(message.html);
  const headerRows: [string, string][] = [
    ["From", message.from],
    ["To", message.to.join(", ")],
    ["Subject", message.subject],
    ["Date", message.createdAt.toUTCString()],
    ...Object.entries(message.headers),
  ];

  return (
    <main className={styles.page}>
      <p>
        <Link href="/dev/mailbox" className={styles.link}>
          ← All messages
        </Link>
      </p>
      <h1 className={styles.title}>{message.subject || "(no subject)"}</h1>

      <table className={styles.headers}>
        <caption className={styles.visuallyHidden}>Message headers</caption>
        <tbody>
          {headerRows.map(([name, value], index) => (
            <tr key={`${index}:${name}`}>
              <th scope="row">{name}</th>
              <td className={styles.mono}>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <section aria-labelledby="links-heading" className={styles.section}>
        <h2 id="links-heading">Links in this message</h2>
        {links.length === 0 ? (
          <p className={styles.muted}>This message has no links.</p>
        ) : (
          <ul className={styles.links}>
            {links.map((link) => (
              <li key={link.href}>
                <a href={link.href} className={styles.link}>
                  {link.text}
                </a>
                {link.text !== link.href ? <span className={styles.href}>{link.href}</span> : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <EmailPreview subject={message.subject} frameSrc={`/dev/mailbox/${encodeURIComponent(message.id)}/html`} text={message.text} headingLevel={2} />
    </main>
  );
}
