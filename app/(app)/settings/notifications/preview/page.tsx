// GET /settings/notifications/preview — every email Tidings sends, as the signed-in person would get it.
import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { requireUser } from "@/app/require-user";
import filterStyles from "@/components/batches/batches.module.css";
import { EmailPreview } from "@/components/email-preview/email-preview";
import { env } from "@/lib/env";
import { emailTemplateSchema, previewEmails } from "@/lib/notifications/compose/preview-emails";
import { SettingsNav } from "../../settings-nav";
import styles from "../../settings.module.css";

export const metadata: Metadata = { title: "Email previews · Notification settings" };

const PREVIEW_PATH = "/settings/notifications/preview";

// An unknown or repeated ?template= shows the first email rather than an error page.
const querySchema = z.object({ template: emailTemplateSchema.catch("batch-completed") });

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function NotificationPreviewPage({ searchParams }: Props) {
  const user = await requireUser();
  const { template } = querySchema.parse(await searchParams);
  const previews = await previewEmails(user.id, env().APP_URL);
  // A template this person may not see (the admin alert, for everyone else) shows the first email.
  const chosen = previews.find((preview) => preview.template === template) ?? previews[0];
  if (!chosen) throw new Error("no email to preview");

  return (
    <>
      <h1>Settings</h1>
      <SettingsNav current="notifications" />
      <p>
        <Link href="/settings/notifications">← Notifications</Link>
      </p>
      <section className={`card ${styles.section}`} aria-labelledby="email-previews-title">
        <h2 id="email-previews-title">Email previews</h2>
        <p className="muted">
          Every email Tidings sends, filled with your own batches where you have one and with sample data where you do not. Dates
          are on your clock. Nothing is sent.
        </p>
        <nav aria-label="Emails" className={filterStyles.filters}>
          {previews.map((preview) => (
            <Link
              key={preview.template}
              href={`${PREVIEW_PATH}?template=${preview.template}`}
              className={filterStyles.filter}
              aria-current={preview === chosen ? "page" : undefined}
            >
              {preview.title}
            </Link>
          ))}
        </nav>
      </section>
      <section className={`card ${styles.section}`} aria-labelledby="email-preview-title">
        <h2 id="email-preview-title">{chosen.title}</h2>
        <dl className={styles.facts}>
          <dt>Subject</dt>
          <dd>{chosen.subject}</dd>
          <dt>Filled with</dt>
          <dd>{chosen.source}</dd>
        </dl>
        <EmailPreview subject={chosen.subject} frameSrc={`${PREVIEW_PATH}/html?template=${chosen.template}`} text={chosen.text} headingLevel={3} />
      </section>
    </>
  );
}
