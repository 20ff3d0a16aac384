// Inline styles shared by the notification emails (many clients drop <style> blocks).
import type { CSSProperties } from "react";

export const colors = {
  accent: "#4338ca",
  text: "#18181b",
  muted: "#52525b",
  border: "#e4e4e7",
  failed: "#b91c1c",
  valid: "#15803d",
} as const;

export const textStyles = {
  heading: { fontSize: "24px", fontWeight: 700, lineHeight: "32px", margin: "0 0 16px" },
  subheading: { fontSize: "16px", fontWeight: 600, lineHeight: "24px", margin: "24px 0 8px" },
  text: { fontSize: "16px", lineHeight: "24px", margin: "0 0 16px" },
  muted: { color: colors.muted, fontSize: "14px", lineHeight: "22px", margin: "0 0 8px" },
  link: { color: colors.accent },
  /** A URL shown as text: it breaks anywhere, or one long address widens the email past a phone's screen. */
  url: { color: colors.accent, overflowWrap: "anywhere", wordBreak: "break-all" },
  mono: { fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace", fontSize: "13px", wordBreak: "break-all" },
} satisfies Record<string, CSSProperties>;
