// Settings → Notifications → Preferences: which notifications reach the person on which
// channel, the digest's schedule, quiet hours, the daily cap and the time zone, and
// whether their address is suppressed. The forms live in preference-forms.tsx.
import type { SuppressionReason } from "@/lib/db/generated/client";
import { loadPreferenceCenter, timeZoneOptions } from "@/lib/notifications/preferences/preference-center";
import { PreferencesForm } from "./preference-forms";
import { ResubscribeForm } from "./resubscribe-form";
import styles from "./preferences.module.css";

const suppressionText: Record<SuppressionReason, { title: string; why: string }> = {
  bounced: {
    title: "Emails to your address bounced",
    why: "Your mail server refused our last email as undeliverable, so Tidings stopped emailing you. Sign-in links still go out.",
  },
  complained: {
    title: "An email from Tidings was marked as spam",
    why: "Your mail provider reported one of our emails as spam, so Tidings stopped emailing you. Sign-in links still go out.",
  },
  unsubscribed: {
    title: "You unsubscribed from all Tidings email",
    why: "No notification email reaches you, whatever is switched on below. Sign-in links still go out.",
  },
};

export async function PreferencesSection({ userId }: { userId: string }) {
  const { email, preferences, stored, suppression } = await loadPreferenceCenter(userId);
  return (
    <section className={`card ${styles.section}`} aria-labelledby="preferences-title">
      <h2 id="preferences-title">Preferences</h2>
      {suppression ? (
        <div className={`alert ${styles.suppressed}`} role="region" aria-labelledby="suppression-title">
          <h3 id="suppression-title" className={styles.suppressedTitle}>
            {suppressionText[suppression.reason].title}
          </h3>
          <p>
            <strong>{email}</strong> is on the suppression list. {suppressionText[suppression.reason].why}
          </p>
          {suppression.detail ? <p className="muted">Reported: {suppression.detail}</p> : null}
          <ResubscribeForm needsConfirmation={suppression.reason !== "unsubscribed"} />
        </div>
      ) : null}
      <PreferencesForm preferences={preferences} stored={stored} timeZones={timeZoneOptions()} />
    </section>
  );
}
