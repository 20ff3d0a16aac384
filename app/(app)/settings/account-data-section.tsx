// Settings → Account: download everything, or delete the account for good.
import { DeleteAccountForm } from "./delete-account-form";
import styles from "./settings.module.css";

export function AccountDataSection({ email }: { email: string }) {
  return (
    <section className={`card ${styles.section}`} aria-labelledby="account-data-title">
      <h2 id="account-data-title">Your data</h2>
      <h3>Download my data</h3>
      <p className="muted">
        A ZIP archive of your account, batches (file details and links to their results), the rows you changed by hand, notifications,
        preferences, webhook endpoints and API token names. Webhook secrets and tokens are not included.
      </p>
      <p>
        <a className="button button-secondary" href="/api/account/export" download>
          Download my data
        </a>
      </p>
      <h3>Delete my account</h3>
      <p>Deleting your account cannot be undone. Right away, Tidings:</p>
      <ul>
        <li>stops any batch still running and deletes every batch, with your uploaded files and their results;</li>
        <li>deletes your notifications and their history, preferences, webhook endpoints and API tokens;</li>
        <li>signs you out on every device.</li>
      </ul>
      <p className="muted">
        Kept: if an address bounced, was reported as spam or unsubscribed from all Tidings email, it stays on our suppression list, so it is
        never emailed again, whoever uploads it. Download your data first if you want to keep it.
      </p>
      <DeleteAccountForm email={email} />
    </section>
  );
}
