import type { ReactNode } from "react";
import styles from "./sign-in.module.css";

export default function SignInLayout({ children }: { children: ReactNode }) {
  return (
    <main className={styles.page}>
      <div className={styles.brand} aria-hidden="true">
        <span className={styles.mark}>T</span> Tidings
      </div>
      <div className={`card ${styles.card}`}>{children}</div>
    </main>
  );
}
