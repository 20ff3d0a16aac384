// A signed-in page that is missing or not this person's (another's batch, /admin for
// non-admins): inside the app's header and main, so one card and no second wordmark.
import { NotFoundMessage } from "@/components/not-found/not-found-message";
import styles from "./not-found.module.css";

export default function AppNotFound() {
  return (
    <div className={`card ${styles.card}`}>
      <NotFoundMessage />
    </div>
  );
}
