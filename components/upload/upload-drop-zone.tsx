"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState, type DragEvent } from "react";
import { formatBytes } from "@/components/format";
import { notifyOnLabels } from "@/lib/batches/email-contract-text";
import type { UploadNotifyOn } from "@/lib/notifications/preferences/notification-preferences";
import { ACCEPTED_FORMATS_TEXT } from "@/lib/uploads/refused-file";
import { type RefusedUpload, uploadFiles, uploadFormFields } from "./upload-files";
import styles from "./upload-drop-zone.module.css";

export type ClientUploadLimits = { maxFileBytes: number; maxFiles: number; maxBatchBytes: number };

const ACCEPTED_EXTENSIONS = [".csv", ".tsv", ".txt", ".xlsx", ".zip", ".gz"];

/** The choices for one upload; "" leaves it to the uploader's default. */
const NOTIFY_CHOICES: { value: UploadNotifyOn; label: string }[] = [
  { value: "both", label: "Success and failure" },
  { value: "success", label: "Success only" },
  { value: "failure", label: "Failure only" },
  { value: "none", label: "Never" },
];

/** Files whose name says they hold no list go no further; the server judges the others by their content. */
function sortByName(files: File[]): { sendable: File[]; refused: RefusedUpload[] } {
  const sendable: File[] = [];
  const refused: RefusedUpload[] = [];
  for (const file of files) {
    const lower = file.name.toLowerCase();
    if (ACCEPTED_EXTENSIONS.some((extension) => lower.endsWith(extension))) sendable.push(file);
    else refused.push({ name: file.name, message: `"${file.name}" is not a list Tidings can read.` });
  }
  return { sendable, refused };
}

/** What the browser can check before sending; the server checks everything again. */
function checkFiles(files: File[], limits: ClientUploadLimits): string | null {
  if (files.length > limits.maxFiles) return `Choose at most ${limits.maxFiles} files at once.`;
  for (const file of files) {
    if (file.size > limits.maxFileBytes) return `"${file.name}" is ${formatBytes(file.size)}; the limit is ${formatBytes(limits.maxFileBytes)} per file.`;
  }
  const total = files.reduce((sum, file) => sum + file.size, 0);
  if (total > limits.maxBatchBytes) return `These files add up to ${formatBytes(total)}; the limit is ${formatBytes(limits.maxBatchBytes)} per upload.`;
  return null;
}

export function UploadDropZone({ limits, defaultNotifyOn }: { limits: ClientUploadLimits; defaultNotifyOn: UploadNotifyOn }) {
  const router = useRouter();
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [progress, setProgress] = useState<number[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [emailColumn, setEmailColumn] = useState("");
  const [notifyOn, setNotifyOn] = useState<UploadNotifyOn | "">("");
  const [keepRisky, setKeepRisky] = useState(false);
  const [sheet, setSheet] = useState("");
  const [notice, setNotice] = useState<string | null>(null);
  // A batch made while some files were refused: the page stays to say which, and why.
  const [partial, setPartial] = useState<{ batchId: string; uploaded: number; refused: RefusedUpload[] } | null>(null);
  const cancel = useRef<AbortController | null>(null);
  const uploading = progress !== null;
  // Files chosen before the page's script runs would be dropped without a word: the
  // picker opens only once this component can take them.
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);

  // Leaving the page mid-upload would drop it: the browser asks first.
  useEffect(() => {
    if (!uploading) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [uploading]);

  async function start(dropped: File[]) {
    if (dropped.length === 0 || uploading) return;
    const { sendable: chosen, refused } = sortByName(dropped);
    const problem =
      chosen.length === 0
        ? `${refused.map((file) => file.message).join(" ")} Choose ${ACCEPTED_FORMATS_TEXT}.`
        : checkFiles(chosen, limits);
    setFiles(chosen);
    setError(problem);
    setNotice(null);
    setPartial(null);
    if (problem) return;
    setProgress(chosen.map(() => 0));
    const fields = uploadFormFields(emailColumn, notifyOn, { sheet, keepRisky });
    cancel.current = new AbortController();
    const result = await uploadFiles("/api/batches", chosen, fields, ({ perFile }) => setProgress(perFile), cancel.current.signal);
    cancel.current = null;
    if (result.ok) {
      const allRefused = [...refused, ...result.refused];
      if (allRefused.length === 0) {
        router.push(`/batches/${result.batchId}`);
        return;
      }
      setProgress(null);
      setPartial({ batchId: result.batchId, uploaded: chosen.length - result.refused.length, refused: allRefused });
      router.refresh();
      if (input.current) input.current.value = "";
      return;
    }
    setProgress(null);
    if ("cancelled" in result) {
      setNotice("Upload cancelled; choose files to start again.");
      // Cancelled after the last byte went out, the batch may exist already: the list shows it.
      router.refresh();
    } else setError(result.message);
    // The same files can be chosen again.
    if (input.current) input.current.value = "";
  }

  function onDrop(event: DragEvent<HTMLLabelElement>) {
    event.preventDefault();
    setDragging(false);
    void start(Array.from(event.dataTransfer.files));
  }

  return (
    <section className={styles.wrapper} aria-labelledby={`${inputId}-title`}>
      <h2 id={`${inputId}-title`} className="visually-hidden">
        Upload contact lists
      </h2>
      {/* The options come first: a drop starts the upload at once, so they are chosen before it. */}
      <div className={styles.options}>
        <div className={styles.column}>
          <label className="label" htmlFor={`${inputId}-column`}>
            Email column <span className="muted">(optional)</span>
          </label>
          <input
            id={`${inputId}-column`}
            className="input"
            value={emailColumn}
            onChange={(event) => setEmailColumn(event.target.value)}
            placeholder="Found by its header when left empty"
            maxLength={200}
            disabled={uploading}
          />
        </div>
        <div className={styles.column}>
          <label className="label" htmlFor={`${inputId}-sheet`}>
            Sheet <span className="muted">(Excel files, optional)</span>
          </label>
          <input
            id={`${inputId}-sheet`}
            className="input"
            value={sheet}
            onChange={(event) => setSheet(event.target.value)}
            placeholder="Name or number; first sheet if empty"
            maxLength={31}
            disabled={uploading}
          />
        </div>
        <div className={styles.column}>
          <label className="label" htmlFor={`${inputId}-notify`}>
            Email me when done
          </label>
          <select
            id={`${inputId}-notify`}
            className="input"
            value={notifyOn}
            onChange={(event) => setNotifyOn(event.target.value as UploadNotifyOn | "")}
            disabled={uploading}
          >
            <option value="">Your default: {notifyOnLabels[defaultNotifyOn]}</option>
            {NOTIFY_CHOICES.map((choice) => (
              <option key={choice.value} value={choice.value}>
                {choice.label}
              </option>
            ))}
          </select>
        </div>
        <div className={styles.column}>
          <span className="label">Cleaned list</span>
          <label className={styles.checkbox}>
            <input type="checkbox" checked={keepRisky} onChange={(event) => setKeepRisky(event.target.checked)} disabled={uploading} /> Keep risky rows
            <span className="muted"> (role, disposable, possible typo)</span>
          </label>
        </div>
      </div>
      <label
        htmlFor={inputId}
        className={`${styles.zone} ${dragging ? styles.dragging : ""}`}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        aria-busy={uploading}
      >
        <span className={styles.title}>Drop CSV files here, or choose files</span>
        <span className="muted">
          CSV, TSV or TXT, Excel (.xlsx), or one list in a .zip or .gz. Up to {limits.maxFiles} files, {formatBytes(limits.maxFileBytes)} each. Each upload
          becomes one batch.
        </span>
        <input
          ref={input}
          id={inputId}
          className="visually-hidden"
          type="file"
          name="files"
          multiple
          accept={[...ACCEPTED_EXTENSIONS, "text/csv", "text/plain", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"].join(",")}
          disabled={uploading || !ready}
          onChange={(event) => void start(Array.from(event.target.files ?? []))}
        />
      </label>
      {error ? (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      ) : null}
      {partial ? (
        <div className="alert" role="status" aria-label="Upload result">
          <p>
            {partial.uploaded === 1 ? "1 file was uploaded" : `${partial.uploaded} files were uploaded`} as a new batch.{" "}
            <Link href={`/batches/${partial.batchId}`}>Open the batch</Link>
          </p>
          <p>Not uploaded:</p>
          <ul aria-label="Not uploaded">
            {partial.refused.map((file, index) => (
              <li key={`${file.name}-${index}`}>{file.message}</li>
            ))}
          </ul>
          <p className="muted">Tidings reads {ACCEPTED_FORMATS_TEXT}.</p>
        </div>
      ) : null}
      {notice ? (
        <p className="alert" role="status">
          {notice}
        </p>
      ) : null}
      {files.length > 0 && progress ? (
        <ul className={styles.files} aria-label="Uploading">
          {files.map((file, index) => {
            const percent = Math.round((progress[index] ?? 0) * 100);
            return (
              <li key={`${file.name}-${index}`} className={styles.file}>
                <span className={styles.fileName}>{file.name}</span>
                <progress max={100} value={percent} aria-label={`Uploading ${file.name}`} />
                <span className={styles.percent}>{percent}%</span>
              </li>
            );
          })}
        </ul>
      ) : null}
      {uploading ? (
        <button type="button" className={`button button-secondary ${styles.cancel}`} onClick={() => cancel.current?.abort()}>
          Cancel upload
        </button>
      ) : null}
    </section>
  );
}
