// An email's two bodies as a reader sees them: the HTML in a frame sandboxed without
// scripts, so the email cannot touch the page around it, then the text.
import { useId } from "react";
import { EmailFrame } from "./email-frame";
import styles from "./email-preview.module.css";

export type EmailPreviewProps = Readonly<{
  /** Names the frame for screen readers. */
  subject: string;
  /**
   * Where the frame loads the HTML from: a route answering with `emailFrameResponse`
   * (lib/http/email-frame-response.ts), with `htmlForPreview` making links open in a new tab.
   */
  frameSrc: string;
  text: string;
  /** One below the heading these sections sit under. */
  headingLevel: 2 | 3;
}>;

export function EmailPreview({ subject, frameSrc, text, headingLevel }: EmailPreviewProps) {
  const Heading = `h${headingLevel}` as const;
  const id = useId();
  return (
    <>
      <section aria-labelledby={`${id}-html`} className={styles.section}>
        <Heading id={`${id}-html`} className={styles.heading}>
          HTML version
        </Heading>
        <EmailFrame title={`HTML version of “${subject}”`} src={frameSrc} />
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
