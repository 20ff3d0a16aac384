// How the mail server's answer changes a row's judgement: a refused mailbox is invalid,
// a catch-all domain or a full mailbox is risky, a confirmed mailbox says so in the
// detail, and "unknown" keeps the verdict the other checks gave, with a note saying so.
import { type ReasonCode, reasonText, type Verdict } from "../verdicts";
import { type MailboxResult, unknownCauseText } from "./mailbox-result";

export type Judgement = { readonly verdict: Verdict; readonly reasons: readonly ReasonCode[]; readonly detail: string };

/** Counts per answer, in the summary when SMTP checks are on. */
export type MailboxCounts = { deliverable: number; undeliverable: number; full: number; catchAll: number; unknown: number };

export const CONFIRMED_TEXT = "The domain's mail server confirmed the mailbox.";

/** `judgement` of a valid or risky row that is not a repeat, with the server's answer applied. */
export function applyMailboxResult(judgement: Judgement, result: MailboxResult): Judgement {
  const { reasons, detail } = judgement;
  const add = (reason: ReasonCode, sentence: string = reasonText[reason]) => ({
    reasons: [...reasons, reason],
    detail: detail === "" ? sentence : `${detail} ${sentence}`,
  });
  switch (result.kind) {
    case "deliverable":
      return { ...judgement, detail: detail === "" ? CONFIRMED_TEXT : `${detail} ${CONFIRMED_TEXT}` };
    case "undeliverable":
      // Whatever else was said of the address, it cannot receive mail.
      return { verdict: "invalid", reasons: ["mailbox_not_found"], detail: reasonText.mailbox_not_found };
    case "full":
      return { verdict: "risky", ...add("mailbox_full") };
    case "catch_all":
      return { verdict: "risky", ...add("catch_all") };
    case "unknown":
      return { verdict: judgement.verdict, ...add("mailbox_unknown", `Mailbox not confirmed: ${lowerFirst(unknownCauseText[result.cause])}`) };
  }
}

export function countMailboxResult(counts: MailboxCounts, result: MailboxResult): void {
  if (result.kind === "catch_all") counts.catchAll++;
  else counts[result.kind]++;
}

function lowerFirst(sentence: string): string {
  return sentence.charAt(0).toLowerCase() + sentence.slice(1);
}
