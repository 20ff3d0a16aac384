// What a signed-in page shows while the database is away: the person is still
// signed in (the session cookie is untouched), so this is not the sign-in page,
// only a short wait with a way to try again.
import headerStyles from "@/components/app-shell/app-header.module.css";
import { SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS } from "@/lib/errors";
import styles from "./app-layout.module.css";

export function ServiceUnavailable({ retryHref }: { retryHref: string }) {
  return (
    <>
      <header className={headerStyles.header}>
        <div className={headerStyles.inner}>
          <span className={headerStyles.brand}>
            <span className={headerStyles.mark} aria-hidden="true">
              T
            </span>
            Tidings
          </span>
        </div>
      </header>
      <main id="main" className={`card ${styles.unavailable}`} data-testid="service-unavailable">
        <h1>Tidings is temporarily unavailable</h1>
        <p>
          We can&rsquo;t reach our database right now, so this page can&rsquo;t be shown. You are still signed in, and your batches
          and results are safe.
        </p>
        <p>This usually takes a few seconds to clear. Try again in about {SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS} seconds.</p>
        <p>
          {/* A full page load, not a client navigation: the layout itself must render again. */}
          <a href={retryHref} className="button">
            Try again
          </a>
        </p>
      </main>
    </>
  );
}
