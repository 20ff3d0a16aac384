// The frame of pages people reach from an email without the app around them:
// sign-in and unsubscribe. Wordmark, then one card.
import type { ReactNode } from "react";
import styles from "./centered-card.module.css";

export function CenteredCard({ children }: { children: ReactNode }) {
  return (
    <main className={styles.page}>
      <div className={styles.brand} aria-hidden="true">
        <span className={styles.mark}>T</span> Tidings
      </div>
      <div className={`card ${styles.card}`}>{children}</div>
    </main>
  );
}
