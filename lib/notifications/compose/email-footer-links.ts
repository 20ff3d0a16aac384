// The unsubscribe and preferences links every non-transactional email carries, in
// its footer and its List-Unsubscribe headers.
import { unsubscribeHeaders, unsubscribeUrl } from "../../unsubscribe/unsubscribe-headers";
import { createUnsubscribeToken, type UnsubscribeCategory, type UnsubscribeSecrets } from "../../unsubscribe/unsubscribe-token";

export type FooterLinksInput = {
  recipient: string;
  category: Exclude<UnsubscribeCategory, "all">;
  /** The user the choice is stored against: the recipient's own account, or the owner who named them. */
  ownerUserId: string;
  /** When the delivery was decided: the token's issue time, fixed for every retry. */
  decidedAt: Date;
  /** Someone the owner named at upload: their choices live on the token's manage page, not in settings they cannot open. */
  forExtraRecipient?: boolean;
  appUrl: string;
  secrets?: UnsubscribeSecrets;
};

export type FooterLinks = { unsubscribeUrl: string; preferencesUrl: string; headers: Record<string, string> };

export function footerLinks(input: FooterLinksInput): FooterLinks {
  const appUrl = input.appUrl.replace(/\/+$/, "");
  const token = createUnsubscribeToken({ email: input.recipient, category: input.category, ownerUserId: input.ownerUserId }, input.secrets, input.decidedAt);
  const oneClickUrl = unsubscribeUrl(token, appUrl);
  const preferencesUrl = input.forExtraRecipient ? `${oneClickUrl}/manage` : `${appUrl}/settings/notifications`;
  return { unsubscribeUrl: oneClickUrl, preferencesUrl, headers: { ...unsubscribeHeaders(oneClickUrl) } };
}
