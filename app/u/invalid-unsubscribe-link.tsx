import { CenteredCard } from "@/components/centered-card/centered-card";

export function InvalidUnsubscribeLink() {
  return (
    <CenteredCard>
      <h1>This unsubscribe link is not valid</h1>
      <p>It may have been cut short or changed on the way. Open the link straight from the email, or copy all of it.</p>
      <p className="muted">Nothing was changed.</p>
    </CenteredCard>
  );
}
