// The frame every Tidings email shares: wordmark, content, footer. The footer shows
// unsubscribe and preference links only when given, because transactional mail
// (sign-in links) must not offer them.
import { Body, Container, Head, Hr, Html, Link, Preview, Section, Text } from "@react-email/components";
import type { CSSProperties, ReactNode } from "react";

export type EmailLayoutProps = Readonly<{
  /** The line mail clients show next to the subject in the inbox list. */
  preview: string;
  children: ReactNode;
  unsubscribeUrl?: string;
  preferencesUrl?: string;
}>;

export function EmailLayout({ preview, children, unsubscribeUrl, preferencesUrl }: EmailLayoutProps) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Section style={styles.header}>
            <Text style={styles.wordmark}>Tidings</Text>
          </Section>
          <Section style={styles.content}>{children}</Section>
          <Hr style={styles.rule} />
          <EmailFooter unsubscribeUrl={unsubscribeUrl} preferencesUrl={preferencesUrl} />
        </Container>
      </Body>
    </Html>
  );
}

type EmailFooterProps = Readonly<{ unsubscribeUrl?: string; preferencesUrl?: string }>;

function EmailFooter({ unsubscribeUrl, preferencesUrl }: EmailFooterProps) {
  return (
    <Section>
      <Text style={styles.footer}>Tidings — upload files, hear back when they are done.</Text>
      {unsubscribeUrl || preferencesUrl ? (
        <Text style={styles.footer}>
          {unsubscribeUrl ? (
            <Link href={unsubscribeUrl} style={styles.footerLink}>
              Unsubscribe
            </Link>
          ) : null}
          {unsubscribeUrl && preferencesUrl ? " · " : null}
          {preferencesUrl ? (
            <Link href={preferencesUrl} style={styles.footerLink}>
              Email preferences
            </Link>
          ) : null}
        </Text>
      ) : null}
    </Section>
  );
}

const fontStack = '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial, sans-serif';

// Inline styles only: many mail clients drop <style> blocks.
const styles = {
  body: { backgroundColor: "#f4f4f5", fontFamily: fontStack, margin: 0, padding: "24px 0" },
  container: {
    backgroundColor: "#ffffff",
    border: "1px solid #e4e4e7",
    borderRadius: "8px",
    margin: "0 auto",
    maxWidth: "560px",
    padding: "32px",
  },
  header: { marginBottom: "8px" },
  wordmark: { color: "#4338ca", fontSize: "20px", fontWeight: 700, letterSpacing: "-0.02em", margin: 0 },
  content: { color: "#18181b", fontSize: "16px", lineHeight: "24px" },
  rule: { borderColor: "#e4e4e7", margin: "32px 0 16px" },
  footer: { color: "#71717a", fontSize: "12px", lineHeight: "18px", margin: "4px 0" },
  footerLink: { color: "#71717a", textDecoration: "underline" },
} satisfies Record<string, CSSProperties>;
