import type { ReactNode } from "react";
import { headers } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import { requireUser } from "@/app/require-user";
import { AppHeader } from "@/components/app-shell/app-header";
import { isAdmin } from "@/lib/admin/is-admin";
import { CURRENT_PATH_HEADER } from "@/lib/auth/session-cookie";
import { isServiceUnavailable } from "@/lib/errors";
import { countUnreadNotifications } from "@/lib/notifications/deliveries/in-app-notifications";
import { hasStoredPreferences } from "@/lib/notifications/preferences/preference-center";
import { signOutAction } from "./actions";
import { AdoptBrowserTimeZone } from "./adopt-browser-time-zone";
import styles from "./app-layout.module.css";
import { ServiceUnavailable } from "./service-unavailable";

async function loadShell() {
  const user = await requireUser();
  const [unreadNotifications, preferencesStored] = await Promise.all([countUnreadNotifications(user.id), hasStoredPreferences(user.id)]);
  return { user, unreadNotifications, preferencesStored };
}

export default async function AppLayout({ children }: { children: ReactNode }) {
  let shell: Awaited<ReturnType<typeof loadShell>>;
  try {
    shell = await loadShell();
  } catch (error) {
    // The sign-in redirect passes; the database being away is a page of its own, not sign-in.
    unstable_rethrow(error);
    if (!isServiceUnavailable(error)) throw error;
    return (
      <div className={styles.shell}>
        <ServiceUnavailable retryHref={(await headers()).get(CURRENT_PATH_HEADER) ?? "/dashboard"} />
      </div>
    );
  }
  const { user, unreadNotifications, preferencesStored } = shell;
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
