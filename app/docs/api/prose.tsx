// OpenAPI descriptions are Markdown; the only Markdown ours use is `code`.
import { Fragment } from "react";

export function Prose({ text }: { text: string }) {
  return text.split(/`([^`]+)`/).map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : <Fragment key={i}>{part}</Fragment>));
}
