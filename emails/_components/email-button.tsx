// The primary call to action. Mail clients render <a> reliably; React Email's Button
// adds the padding hacks Outlook needs.
import { Button, Section } from "@react-email/components";
import type { ReactNode } from "react";
import { colors } from "./styles";

export type EmailButtonProps = Readonly<{
  href: string;
  children: ReactNode;
  /** A secondary action: outlined instead of filled. */
  secondary?: boolean;
}>;

export function EmailButton({ href, children, secondary = false }: EmailButtonProps) {
  return (
    // Its own block, so buttons stack and the text version puts each on its own line.
    <Section style={{ margin: "4px 0" }}>
      <Button href={href} style={secondary ? secondaryStyle : primaryStyle}>
        {children}
      </Button>
    </Section>
  );
}

const baseStyle = {
  borderRadius: "6px",
  display: "inline-block",
  fontSize: "15px",
  fontWeight: 600,
  margin: "4px 0",
  padding: "12px 24px",
  textDecoration: "none",
} as const;

const primaryStyle = { ...baseStyle, backgroundColor: colors.accent, color: "#ffffff" };
const secondaryStyle = { ...baseStyle, backgroundColor: "#ffffff", border: `1px solid ${colors.accent}`, color: colors.accent };
