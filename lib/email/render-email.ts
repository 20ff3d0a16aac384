// Turns a React Email element into the two bodies every message carries.
import { plainTextSelectors, render } from "@react-email/render";
import { compile } from "html-to-text";
import type { ReactElement } from "react";

export type RenderedEmail = { html: string; text: string };

/**
 * `toPlainText` from @react-email/render, compiled once. `toPlainText` compiles its
 * options again on every call, which costs more than converting the HTML itself
 * (see BENCHMARKS.md, bench:render). Same options, so the same text.
 */
export const htmlToPlainText: (html: string) => string = compile({ wordwrap: false, selectors: [...plainTextSelectors] });

/**
 * Renders once and derives the text from that HTML, which is about half the work
 * of rendering twice. No `pretty`: it is slow and changes nothing a reader sees.
 */
export async function renderEmail(element: ReactElement): Promise<RenderedEmail> {
  const html = await render(element);
  return { html, text: htmlToPlainText(html) };
}
