import type { Metadata } from "next";
import { requireUser } from "@/app/require-user";
import { DateTime } from "@/components/date-time";
import { getAccountSummary } from "@/lib/accounts/get-account-summary";
import { loadPreferences } from "@/lib/notifications/preferences/preference-store";
import { AccountDataSection } from "./account-data-section";
import { ApiTokensSection } from "./api-tokens-section";
import { SettingsNav } from "./settings-nav";
import styles from "./settings.module.css";

export const metadata: Metadata = { title: "Settings" };


export default async function SettingsPage() {
  const user = await requireUser();
  const [account, preferences] = await Promise.all([getAccountSummary(user.id), loadPreferences(user.id)]);
  return (
    <>
      <h1>Settings</h1>
      <SettingsNav current="account" />
      <section className={`card ${styles.section}`} aria-labelledby="account-title">
        <h2 id="account-title">Account</h2>
        <dl className={styles.facts}>
          <dt>Email</dt>
          <dd>{account.email}</dd>
          <dt>Member since</dt>
          <dd>
            <DateTime value={account.createdAt} timeZone={preferences.timeZone} />
          </dd>
          <dt>Signed-in devices</dt>
          <dd>{account.activeSessions}</dd>
        </dl>
        <p className="muted">You sign in with a link sent to this address; there is no password to manage.</p>
      </section>
      <ApiTokensSection userId={user.id} timeZone={preferences.timeZone} />
      <AccountDataSection email={account.email} />
    </>
  );
}
