"use client";

// A secret Tidings shows exactly once (a new API token, a webhook signing secret):
// why to keep it, the value ready to copy, and a button to put it away.
import { type ReactNode, useId, useState } from "react";
import styles from "./shown-once-secret.module.css";

type Props = {
  title: string;
  /** The field's label, e.g. "Your new API token". */
  label: string;
  /** What it is in a sentence: "the token is selected". */
  noun: string;
  value: string;
  onDone: () => void;
  className?: string;
  /** After "This is the only time it is shown.": what it does and where to keep it. */
  children: ReactNode;
};

export function ShownOnceSecret({ title, label, noun, value, onDone, className, children }: Props) {
  const id = useId();
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied("yes");
    } catch {
      // No clipboard access (e.g. plain http on another host): select it for Ctrl+C instead.
      document.getElementById(`${id}-value`)?.focus();
      setCopied("failed");
    }
  }

  return (
    <div className={`alert ${styles.panel} ${className ?? ""}`} role="region" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className={styles.title}>
        {title}
      </h3>
      <p>
        <strong>This is the only time it is shown.</strong> {children}
      </p>
      <label className="label" htmlFor={`${id}-value`}>
        {label}
      </label>
      <div className={styles.copyRow}>
        <input id={`${id}-value`} className={`input ${styles.value}`} readOnly value={value} onFocus={(event) => event.currentTarget.select()} />
        <button type="button" className="button button-secondary" onClick={copy}>
          {copied === "yes" ? "Copied" : "Copy"}
        </button>
      </div>
      <p role="status" className="muted">
        {copied === "yes" ? "Copied to the clipboard." : copied === "failed" ? `Could not copy: the ${noun} is selected, press Ctrl+C (⌘C).` : ""}
      </p>
      <button type="button" className="button button-secondary" onClick={onDone}>
        I have stored it
      </button>
    </div>
  );
}
