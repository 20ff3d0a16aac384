// The categories × channels table of the preferences form: one switch per category
// and channel, instant or digest per category, and the account row, always on.
import { ScrollRegion } from "@/components/scroll-region";
import { categoryLabels } from "@/lib/notifications/preferences/category-labels";
import type { ConfigurableCategory, NotificationChannel, NotificationPreferences } from "@/lib/notifications/preferences/notification-preferences";
import { channelFieldName, MODE_CATEGORIES, modeFieldName } from "@/lib/notifications/preferences/preference-form";
import styles from "./preferences.module.css";

const CHANNELS: { channel: NotificationChannel; label: string }[] = [
  { channel: "email", label: "Email" },
  { channel: "webhook", label: "Webhook" },
  { channel: "in_app", label: "In the app" },
];

const CATEGORIES: { category: ConfigurableCategory; explanation: string }[] = [
  { category: "batch_succeeded", explanation: "A batch you uploaded finished and its results are ready." },
  { category: "batch_failed", explanation: "A batch could not be processed, and what went wrong." },
  { category: "digest", explanation: "One summary of what was held back: categories sent in the digest and whatever the daily cap folded away." },
  { category: "results_expiring", explanation: "A batch's results are deleted within 24 hours: download them first." },
];

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** `id` prefixes every element id, so two forms on a page cannot collide. */
export function PreferenceGrid({ id, preferences }: { id: string; preferences: NotificationPreferences }) {
  return (
    <ScrollRegion labelledBy={`${id}-caption`}>
      <table className={`data-table ${styles.table}`}>
        <caption id={`${id}-caption`}>What reaches you, and where</caption>
        <thead>
          <tr>
            <th scope="col">Notification</th>
            {CHANNELS.map(({ channel, label }) => (
              <th key={channel} scope="col">
                {label}
              </th>
            ))}
            <th scope="col">Delivery</th>
          </tr>
        </thead>
        <tbody>
          {CATEGORIES.map(({ category, explanation }) => (
            <tr key={category}>
              <th scope="row">
                <span className={styles.category}>{capitalized(categoryLabels[category])}</span>
                <span id={`${id}-${category}-explanation`} className={styles.explanation}>
                  {explanation}
                </span>
              </th>
              {CHANNELS.map(({ channel, label }) => {
                const inputId = `${id}-${category}-${channel}`;
                return (
                  <td key={channel} className={styles.switch} data-label={label}>
                    <input
                      id={inputId}
                      type="checkbox"
                      name={channelFieldName(category, channel)}
                      defaultChecked={preferences.categories[category].channels[channel]}
                      aria-describedby={`${id}-${category}-explanation`}
                    />
                    <label htmlFor={inputId} className="visually-hidden">
                      {label}: {categoryLabels[category]}
                    </label>
                  </td>
                );
              })}
              <td data-label="Delivery">
                {category === "digest" ? (
                  <span className="muted">On its schedule, below</span>
                ) : (
                  <ModeChoice category={category} mode={preferences.categories[category].mode} />
                )}
              </td>
            </tr>
          ))}
          <tr className={styles.locked}>
            <th scope="row">
              <span className={styles.category}>{capitalized(categoryLabels.account)}</span>
              <span id={`${id}-account-explanation`} className={styles.explanation}>
                Sign-in links and security notices. Always on: you need them to get into your account, so they cannot be turned off.
              </span>
            </th>
            <td className={styles.switch} data-label="Email">
              <input id={`${id}-account-email`} type="checkbox" defaultChecked disabled aria-describedby={`${id}-account-explanation`} />
              <label htmlFor={`${id}-account-email`} className="visually-hidden">
                Email: {categoryLabels.account} (always on)
              </label>
            </td>
            <td className="muted" data-label="Webhook">
              Not sent
            </td>
            <td className="muted" data-label="In the app">
              Not sent
            </td>
            <td data-label="Delivery">Instant, always</td>
          </tr>
        </tbody>
      </table>
    </ScrollRegion>
  );
}

function ModeChoice({ category, mode }: { category: (typeof MODE_CATEGORIES)[number]; mode: "instant" | "digest" }) {
  return (
    <fieldset className={styles.mode}>
      <legend className="visually-hidden">How {categoryLabels[category]} notifications arrive</legend>
      <label className={styles.choice}>
        <input type="radio" name={modeFieldName(category)} value="instant" defaultChecked={mode === "instant"} /> Instant
      </label>
      <label className={styles.choice}>
        <input type="radio" name={modeFieldName(category)} value="digest" defaultChecked={mode === "digest"} /> In the digest
      </label>
    </fieldset>
  );
}
