// What asking a domain's mail server said about one mailbox, and how a reply to
// RCPT TO reads. A refusal aimed at us (a blocklisted IP, a policy) must never be
// taken for "no such mailbox": that would mark good addresses invalid.
import type { SmtpReply } from "./smtp-session";

/** Why the server could not tell; each has its own sentence in the report. */
export type UnknownCause = "no_mail_server" | "no_connection" | "try_again_later" | "refused_check" | "time_budget" | "not_asked";

export type MailboxResult =
  | { readonly kind: "deliverable" }
  | { readonly kind: "undeliverable" }
  | { readonly kind: "full" }
  | { readonly kind: "catch_all" }
  | { readonly kind: "unknown"; readonly cause: UnknownCause };

export const unknownCauseText: Record<UnknownCause, string> = {
  no_mail_server: "No mail server was found for the domain to ask.",
  no_connection: "The domain's mail server could not be reached.",
  try_again_later: "The domain's mail server asked to try again later (greylisting or a temporary failure), also on a second try.",
  refused_check: "The domain's mail server refused to answer the check (it may not accept checks from this server).",
  time_budget: "The time allowed for mailbox checks ran out before this address was asked.",
  not_asked: "Addresses with characters outside ASCII before the @ are not asked.",
};

export type RcptReading = "accepted" | "not_found" | "full" | "temporary" | "refused";

// Enhanced status codes (RFC 3463) say who is at fault: 5.1.x the address, 5.2.2 a full
// mailbox, 5.7.x policy. Without one, the words decide, and a plain 550 means "no such user".
const POLICY_WORDS = /\b(block|blocked|spam|black ?list|block ?list|listed|reputation|policy|denied|relay|rbl|dnsbl|banned|authenticat|not permitted|too many)/i;

export function readRcptReply(reply: SmtpReply): RcptReading {
  if (reply.code >= 200 && reply.code < 300) return "accepted";
  if (reply.code >= 400 && reply.code < 500) return "temporary";
  if (reply.code < 500 || reply.code >= 600) return "refused";
  const enhanced = /\b5\.(\d{1,3})\.(\d{1,3})\b/.exec(reply.text);
  if (enhanced !== null) {
    if (enhanced[1] === "1") return "not_found";
    if (enhanced[1] === "2" && enhanced[2] === "2") return "full";
    if (enhanced[1] === "2" && enhanced[2] === "1") return "not_found";
    if (enhanced[1] === "7" || enhanced[1] === "3" || enhanced[1] === "4" || enhanced[1] === "5") return "refused";
  }
  if (reply.code === 552) return "full";
  return POLICY_WORDS.test(reply.text) ? "refused" : "not_found";
}
