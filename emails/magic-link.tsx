// The sign-in email. Transactional: no unsubscribe link, no List-Unsubscribe header.
import { Button, Heading, Link, Text } from "@react-email/components";
import type { CSSProperties } from "react";
import { EmailLayout } from "./_components/layout";

export type MagicLinkEmailProps = Readonly<{
  url: string;
  host: string;
  expiresInHours: number;
}>;

export default function MagicLinkEmail({ url, host, expiresInHours }: MagicLinkEmailProps) {
  const hours = expiresInHours === 1 ? "1 hour" : `${expiresInHours} hours`;
  return (
    <EmailLayout preview={`Your sign-in link for ${host}`}>
      <Heading as="h1" style={styles.heading}>
        Sign in to Tidings
      </Heading>
      <Text style={styles.text}>Use the button below to sign in to Tidings at {host}.</Text>
      <Button href={url} style={styles.button}>
        Sign in to Tidings
      </Button>
      <Text style={styles.text}>Or copy and paste this link into your browser:</Text>
      {/* Shown as text so it can be copied even where buttons do not render. */}
      <Text style={styles.url}>
        <Link href={url} style={styles.urlLink}>
          {url}
        </Link>
      </Text>
      <Text style={styles.muted}>
        This link expires in {hours} and can be used once.
      </Text>
      <Text style={styles.muted}>If you didn&apos;t ask for this, ignore this email.</Text>
    </EmailLayout>
  );
}

MagicLinkEmail.PreviewProps = {
  url: "http://localhost:3000/sign-in/confirm?token=sample-token&email=alex%40example.com",
  host: "localhost:3000",
  expiresInHours: 24,
} satisfies MagicLinkEmailProps;

const styles = {
  heading: { fontSize: "24px", fontWeight: 700, lineHeight: "32px", margin: "0 0 16px" },
  text: { fontSize: "16px", lineHeight: "24px", margin: "0 0 16px" },
  button: {
    backgroundColor: "#4338ca",
    borderRadius: "6px",
    color: "#ffffff",
    display: "inline-block",
    fontSize: "16px",
    fontWeight: 600,
    margin: "8px 0 24px",
    padding: "14px 28px",
    textDecoration: "none",
  },
  url: { fontSize: "13px", lineHeight: "20px", margin: "0 0 24px", wordBreak: "break-all" },
  urlLink: { color: "#4338ca" },
  muted: { color: "#52525b", fontSize: "14px", lineHeight: "22px", margin: "0 0 8px" },
} satisfies Record<string, CSSProperties>;
