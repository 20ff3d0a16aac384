import type { ReactNode } from "react";
import { requireUser } from "@/app/require-user";
import { AppHeader } from "@/components/app-shell/app-header";
import { isAdmin } from "@/lib/admin/is-admin";
import { countUnreadNotifications } from "@/lib/notifications/deliveries/in-app-notifications";
import { hasStoredPreferences } from "@/lib/notifications/preferences/preference-center";
import { signOutAction } from "./actions";
import { AdoptBrowserTimeZone } from "./adopt-browser-time-zone";
import styles from "./app-layout.module.css";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const [unreadNotifications, preferencesStored] = await Promise.all([countUnreadNotifications(user.id), hasStoredPreferences(user.id)]);
  return (
    <div className={styles.shell}>
      <a className={styles.skipLink} href="#main">
        Skip to content
      </a>
      <AdoptBrowserTimeZone stored={preferencesStored} />
      <AppHeader email={user.email} unreadNotifications={unreadNotifications} signOut={signOutAction} showAdmin={isAdmin(user.email)} />
      <main id="main" className={styles.main}>
        {children}
      </main>
    </div>
  );
}
