import type { ReactElement } from "react";

/** An email ready for sendEmail(): subject, React element and its List-Unsubscribe headers. */
export type ComposedEmail = {
  subject: string;
  react: ReactElement;
  headers: Record<string, string>;
};

/** What every email of a delivery is composed from besides its event's payload, all frozen with the decision. */
export type ComposeContext = {
  recipient: string;
  /** The event's owner: an unsubscribe by an extra recipient is stored against them. */
  ownerUserId: string;
  timeZone: string;
  /** When the delivery was decided: the unsubscribe token's issue time, fixed for every retry. */
  decidedAt: Date;
  /** Someone the owner named at upload, not the owner. */
  forExtraRecipient: boolean;
  appUrl: string;
};
