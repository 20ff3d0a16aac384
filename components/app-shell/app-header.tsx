import Link from "next/link";
import { NavLinks } from "./nav-links";
import { NotificationBell } from "./notification-bell";
import styles from "./app-header.module.css";

type Props = { email: string; unreadNotifications: number; signOut: () => Promise<void>; showAdmin?: boolean };

export function AppHeader({ email, unreadNotifications, signOut, showAdmin = false }: Props) {
  return (
    <header className={styles.header}>
      <div className={styles.inner}>
        <Link href="/dashboard" className={styles.brand}>
          <span className={styles.mark} aria-hidden="true">
            T
          </span>
          Tidings
        </Link>
        <NavLinks showAdmin={showAdmin} />
        <div className={styles.user}>
          <NotificationBell unread={unreadNotifications} />
          <span className={styles.email} data-testid="signed-in-user" title={email}>
            {email}
          </span>
          <form action={signOut}>
            <button type="submit" className="button button-secondary">
              Sign out
            </button>
          </form>
        </div>
      </div>
    </header>
  );
}
