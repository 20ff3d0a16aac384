// An email's two bodies as a reader sees them: the HTML in a frame sandboxed without
// scripts or same-origin, so the email cannot touch the page around it, then the text.
import { useId } from "react";
import styles from "./email-preview.module.css";

export type EmailPreviewProps = Readonly<{
  /** Names the frame for screen readers. */
  subject: string;
  /** The HTML as the frame loads it: `htmlForPreview` (lib/email/mailbox.ts) makes its links open in a new tab. */
  frameHtml: string;
  text: string;
  /** One below the heading these sections sit under. */
  headingLevel: 2 | 3;
}>;

export function EmailPreview({ subject, frameHtml, text, headingLevel }: EmailPreviewProps) {
  const Heading = `h${headingLevel}` as const;
  const id = useId();
  return (
    <>
      <section aria-labelledby={`${id}-html`} className={styles.section}>
        <Heading id={`${id}-html`} className={styles.heading}>
          HTML version
        </Heading>
        {/* Popups only, so a link can open in a new tab; no scripts, forms or same-origin. */}
        <iframe
          title={`HTML version of “${subject}”`}
          sandbox="allow-popups allow-popups-to-escape-sandbox"
          srcDoc={frameHtml}
          className={styles.frame}
        />
      </section>
      <section aria-labelledby={`${id}-text`} className={styles.section}>
        <Heading id={`${id}-text`} className={styles.heading}>
          Text version
        </Heading>
        <pre className={styles.text}>{text}</pre>
      </section>
    </>
  );
}
