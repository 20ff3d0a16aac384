// The vocabulary of verification results. Reason codes are stable: they are stored in
// job stats, counted in summaries, written into report CSVs and mapped to UI copy, so
// add new ones rather than renaming old ones.
import { z } from "zod";

export const verdictSchema = z.enum(["valid", "risky", "invalid", "duplicate"]);
export type Verdict = z.infer<typeof verdictSchema>;

/** What each verdict means for the person sending. */
export const verdictText: Record<Verdict, string> = {
  valid: "Well-formed, with nothing known against it (and, when MX checks are on, at a domain that accepts mail; when SMTP checks are on, not refused by its mail server). In the cleaned CSV.",
  risky: "Deliverable as far as can be told, but with a reason to look twice. In the cleaned list only when asked for (“Keep risky rows” at upload, or `risky=include` on a download).",
  invalid: "Cannot receive mail as written. Never in the cleaned CSV.",
  duplicate: "An address (or mailbox) seen earlier in the same file, or in an earlier file of the batch. Only its first row is kept.",
};

export const invalidReasonSchema = z.enum([
  "empty",
  "missing_at",
  "missing_local_part",
  "missing_domain",
  "local_part_too_long",
  "address_too_long",
  "invalid_local_part",
  "dot_misplaced",
  "invalid_domain",
  "domain_label_too_long",
  "domain_without_dot",
  "invalid_tld",
  // Mailing policy: forms the RFCs allow but mail systems and people do not use.
  "quoted_local_part",
  "address_comment",
  "whitespace_in_address",
  "domain_literal",
  "reserved_domain",
  "invalid_idna",
  "invisible_character",
  "leading_combining_mark",
  "private_or_unassigned_character",
  // From an injected domain check (MX lookup), never from syntax alone.
  "domain_not_found",
  "no_mail_server",
  // From the optional SMTP check: the domain's mail server refused the mailbox.
  "mailbox_not_found",
]);
export type InvalidReason = z.infer<typeof invalidReasonSchema>;

export const riskyReasonSchema = z.enum([
  "disposable",
  "role_account",
  "possible_typo",
  "non_ascii_local_part",
  "domain_check_failed",
  // From the optional SMTP check.
  "catch_all",
  "mailbox_full",
]);
export type RiskyReason = z.infer<typeof riskyReasonSchema>;

export const duplicateReasonSchema = z.enum(["duplicate", "alias_duplicate"]);
export type DuplicateReason = z.infer<typeof duplicateReasonSchema>;

/** Reasons that say something about a row without changing its verdict. */
export const noteReasonSchema = z.enum(["mailbox_unknown"]);
export type NoteReason = z.infer<typeof noteReasonSchema>;

export const reasonCodeSchema = z.union([invalidReasonSchema, riskyReasonSchema, duplicateReasonSchema, noteReasonSchema]);
export type ReasonCode = z.infer<typeof reasonCodeSchema>;

/** Default user-facing text per reason; analysis may return a more specific sentence. */
export const reasonText: Record<ReasonCode, string> = {
  empty: "The email cell is empty.",
  missing_at: "There is no @ in the address.",
  missing_local_part: "Nothing comes before the @.",
  missing_domain: "Nothing comes after the @.",
  local_part_too_long: "The part before the @ is longer than 64 characters.",
  address_too_long: "The address is longer than 254 characters.",
  invalid_local_part: "The part before the @ contains characters that are not allowed.",
  dot_misplaced: "A dot is at the start or end of a part, or two dots are next to each other.",
  invalid_domain: "The part after the @ is not a valid domain name.",
  domain_label_too_long: "A part of the domain name is longer than 63 characters.",
  domain_without_dot: "The domain has no dot, so it cannot receive mail on the internet.",
  invalid_tld: "The domain does not end in a real top-level domain.",
  quoted_local_part: "The part before the @ is in quotes (as in \"john doe\"@…); most mail systems refuse such addresses.",
  address_comment: "The address has a comment in brackets, such as (work), which is not part of the address.",
  whitespace_in_address: "The address has a space, tab or line break inside it.",
  domain_literal: "The domain is an IP address in square brackets, not a name; mail to it is refused almost everywhere.",
  reserved_domain: "The domain is reserved (for testing, examples, local or private networks) and can never receive mail on the internet.",
  invalid_idna: "The domain is not a valid international domain name: a broken xn-- encoding, or two hyphens in the third and fourth place.",
  invisible_character: "The address has an invisible control or formatting character, such as a zero-width space or a text-direction mark.",
  leading_combining_mark: "A part of the address starts with a combining accent that has no letter to sit on.",
  private_or_unassigned_character:
    "The address has a character with no agreed meaning (private-use, unassigned or a non-character), which mail systems cannot handle.",
  domain_not_found: "The domain does not exist.",
  no_mail_server: "The domain does not accept email.",
  mailbox_not_found: "The domain's mail server says this mailbox does not exist (or no longer takes mail).",
  disposable: "The domain belongs to a disposable (throwaway) email service.",
  role_account: "The address belongs to a role or team (such as info@ or support@), not a person.",
  possible_typo: "The domain looks like a typo of a common email provider.",
  non_ascii_local_part: "The part before the @ has non-Latin characters; many mail servers cannot deliver to it.",
  domain_check_failed: "The domain could not be checked.",
  catch_all: "The domain's mail server accepts mail for any address, so whether this mailbox exists cannot be told.",
  mailbox_full: "The mailbox is full: mail to it bounces until its owner makes room.",
  mailbox_unknown: "The domain's mail server was asked but did not say whether this mailbox exists; the verdict rests on the other checks.",
  duplicate: "The same address appears earlier in the file or in an earlier file of the batch.",
  alias_duplicate: "The same mailbox appears earlier in the file or the batch under another spelling.",
};
