// Built-in lists that drive address classification. Disposable domains come from a
// maintained package (see is-disposable-domain.ts); these lists are short, stable and
// judged by hand, so they live here where a reviewer can read them.

/**
 * Consumer mailbox providers. An address here is a person's private mailbox: valid,
 * but worth flagging for B2B lists. Includes national variants that are often typed.
 */
export const freeMailDomains: ReadonlySet<string> = new Set([
  "gmail.com", "googlemail.com",
  "yahoo.com", "yahoo.co.uk", "yahoo.fr", "yahoo.de", "yahoo.es", "yahoo.it", "yahoo.co.jp",
  "yahoo.com.br", "yahoo.co.in", "yahoo.ca", "ymail.com", "rocketmail.com",
  "hotmail.com", "hotmail.co.uk", "hotmail.fr", "hotmail.de", "hotmail.it", "hotmail.es",
  "outlook.com", "outlook.fr", "outlook.de", "live.com", "live.co.uk", "live.fr", "msn.com",
  "aol.com", "aim.com", "icloud.com", "me.com", "mac.com",
  "proton.me", "protonmail.com", "protonmail.ch", "pm.me", "tutanota.com", "tuta.io",
  "zoho.com", "fastmail.com", "hey.com",
  "gmx.com", "gmx.de", "gmx.net", "gmx.at", "web.de", "t-online.de", "freenet.de",
  "mail.com", "email.com",
  "yandex.ru", "yandex.com", "ya.ru", "mail.ru", "bk.ru", "inbox.ru", "list.ru", "rambler.ru",
  "qq.com", "163.com", "126.com", "sina.com", "naver.com", "hanmail.net", "daum.net",
  "orange.fr", "wanadoo.fr", "free.fr", "sfr.fr", "laposte.net", "libero.it", "virgilio.it",
  "seznam.cz", "wp.pl", "o2.pl", "interia.pl", "uol.com.br", "bol.com.br", "terra.com.br",
  "btinternet.com", "sky.com", "bigpond.com", "rediffmail.com",
  "comcast.net", "verizon.net", "att.net", "sbcglobal.net", "cox.net", "charter.net", "earthlink.net",
]);

/**
 * Domains people mistype most. A domain one edit away from one of these (and not itself
 * a known provider) gets a suggestion. Kept short on purpose: each entry is a chance of
 * a false "did you mean" for a real company domain.
 */
export const typoTargetDomains: readonly string[] = [
  "gmail.com", "googlemail.com",
  "yahoo.com", "yahoo.co.uk", "yahoo.fr", "ymail.com",
  "hotmail.com", "hotmail.co.uk", "hotmail.fr", "outlook.com", "live.com", "msn.com",
  "aol.com", "icloud.com", "me.com",
  "protonmail.com", "proton.me", "gmx.de", "gmx.net", "web.de", "t-online.de",
  "yandex.ru", "mail.ru", "orange.fr", "wanadoo.fr", "free.fr", "laposte.net", "libero.it",
  "btinternet.com", "comcast.net", "verizon.net", "sbcglobal.net", "att.net",
];

/** Top-level domains that do not exist but are common slips for the ones that do. */
export const tldTypos: ReadonlyMap<string, string> = new Map([
  ["con", "com"], ["cmo", "com"], ["ocm", "com"], ["vom", "com"], ["xom", "com"], ["cpm", "com"],
  ["comm", "com"], ["coom", "com"], ["cim", "com"], ["c0m", "com"], ["clm", "com"], ["conm", "com"],
  ["nte", "net"], ["ent", "net"], ["nett", "net"], ["ner", "net"],
  ["ogr", "org"], ["rog", "org"], ["orgg", "org"], ["prg", "org"],
]);

/**
 * Local parts that reach a role or a team rather than a person. Compared after
 * lower-casing and dropping a +tag.
 */
export const roleLocalParts: ReadonlySet<string> = new Set([
  "abuse", "accounting", "accounts", "admin", "administrator", "billing", "careers", "contact",
  "customerservice", "devnull", "do-not-reply", "donotreply", "enquiries", "enquiry", "feedback",
  "finance", "help", "helpdesk", "hostmaster", "hr", "info", "information", "inquiries", "inquiry",
  "it", "jobs", "legal", "mail", "mailer-daemon", "marketing", "media", "newsletter", "no-reply",
  "noc", "noreply", "null", "office", "orders", "postmaster", "press", "privacy", "recruiting",
  "root", "sales", "security", "service", "support", "team", "webmaster",
]);

/** Providers that deliver `name+tag@` to `name@`; Gmail also ignores dots in the local part. */
export const plusAddressingDomains: ReadonlySet<string> = new Set([
  "outlook.com", "outlook.fr", "outlook.de", "hotmail.com", "hotmail.co.uk", "hotmail.fr",
  "hotmail.de", "hotmail.it", "hotmail.es", "live.com", "live.co.uk", "live.fr", "msn.com",
  "icloud.com", "me.com", "mac.com", "fastmail.com", "proton.me", "protonmail.com",
  "protonmail.ch", "pm.me", "zoho.com", "yandex.ru", "yandex.com", "ya.ru", "hey.com",
]);

export const gmailDomains: ReadonlySet<string> = new Set(["gmail.com", "googlemail.com"]);
