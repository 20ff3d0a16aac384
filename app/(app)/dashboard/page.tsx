import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/app/require-user";
import styles from "./dashboard.module.css";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const user = await requireUser();
  return (
    <>
      <div className={styles.heading}>
        <h1>Dashboard</h1>
        <p className="muted">Signed in as {user.email}</p>
      </div>
      <section className={`card ${styles.empty}`} aria-labelledby="empty-title">
        <h2 id="empty-title">No batches yet</h2>
        <p>Tidings checks and cleans contact lists for you in the background, then emails you when they are done.</p>
        <ol className={styles.steps}>
          <li>
            <strong>Upload</strong> one or more CSV files. Each upload becomes a batch, processed while you do
            something else.
          </li>
          <li>
            <strong>Follow along</strong> here: rows processed, status and errors, per file.
          </li>
          <li>
            <strong>Hear back</strong> by email at {user.email} when the batch finishes, and download the cleaned
            list.
          </li>
        </ol>
        <p className="muted">
          Your batches will be listed here. Meanwhile, check your account in <Link href="/settings">Settings</Link>.
        </p>
      </section>
    </>
  );
}
