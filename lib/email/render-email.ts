// Turns a React Email element into the two bodies every message carries.
import { render, toPlainText } from "@react-email/render";
import type { ReactElement } from "react";

export type RenderedEmail = { html: string; text: string };

/**
 * Renders once and derives the text from that HTML, which is about half the work
 * of rendering twice. No `pretty`: it is slow and changes nothing a reader sees.
 */
export async function renderEmail(element: ReactElement): Promise<RenderedEmail> {
  const html = await render(element);
  return { html, text: toPlainText(html) };
}
