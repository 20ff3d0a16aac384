// The settings pages as tabs-like links; plain links so each page has its own address.
import Link from "next/link";
import styles from "./settings.module.css";

const pages = [
  { key: "account", href: "/settings", label: "Account & API tokens" },
  { key: "notifications", href: "/settings/notifications", label: "Notifications" },
] as const;

export function SettingsNav({ current }: { current: (typeof pages)[number]["key"] }) {
  return (
    <nav aria-label="Settings" className={styles.subNav}>
      {pages.map(({ key, href, label }) => (
        <Link key={key} href={href} className={styles.subNavLink} aria-current={key === current ? "page" : undefined}>
          {label}
        </Link>
      ))}
    </nav>
  );
}
