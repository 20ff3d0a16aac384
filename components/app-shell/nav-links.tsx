"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import styles from "./app-header.module.css";

const links = [
  { href: "/dashboard", label: "Dashboard" },
  { href: "/settings", label: "Settings" },
];

// Only for ADMIN_EMAILS; the page itself checks again (404 for anyone else).
const adminLink = { href: "/admin", label: "Admin" };

export function NavLinks({ showAdmin = false }: { showAdmin?: boolean }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className={styles.nav}>
      {(showAdmin ? [...links, adminLink] : links).map(({ href, label }) => {
        const current = pathname === href || pathname.startsWith(`${href}/`);
        return (
          <Link key={href} href={href} className={styles.navLink} aria-current={current ? "page" : undefined}>
            {label}
          </Link>
        );
      })}
    </nav>
  );
}
