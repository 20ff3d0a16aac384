// Writes a realistic contact-list CSV for bench:verify: mostly real-looking unique
// people at free-mail and company domains, plus the dirt real lists carry (invalid
// cells, exact and alias duplicates, role and disposable addresses, typos, quoted
// commas, phone numbers a spreadsheet would read as formulas). Deterministic per seed.
import { createWriteStream } from "node:fs";
import { once } from "node:events";

const firstNames = ["james", "mary", "john", "patricia", "robert", "jennifer", "michael", "linda", "david", "elizabeth", "léa", "jörg", "sofia", "chen", "amir", "olga"];
const lastNames = ["smith", "johnson", "williams", "brown", "jones", "garcia", "miller", "davis", "martin", "müller", "dubois", "rossi", "nguyen", "kowalski"];
const freeMail: readonly [string, number][] = [
  ["gmail.com", 40], ["yahoo.com", 14], ["hotmail.com", 12], ["outlook.com", 10], ["icloud.com", 8], ["aol.com", 5],
  ["gmx.de", 4], ["web.de", 3], ["orange.fr", 2], ["live.com", 2],
];
const typos = ["gmial.com", "hotmial.com", "yaho.com", "gmail.con", "outlok.com", "gmai.com"];
const disposable = ["mailinator.com", "guerrillamail.com", "10minutemail.com", "yopmail.com"];
const roles = ["info", "admin", "support", "sales", "contact", "noreply"];
const invalid = ["n/a", "", "john.doe", "jane@@example.com", "bob..smith@example.com", "x@example", "alice@example.123", "carol@exa mple.com", ".dot@example.com", "eve@-bad-.com"];
const tlds = ["com", "com", "com", "io", "co.uk", "de", "fr", "net"];
// Distinct company domains in a file: a B2B list of millions of rows spans tens of thousands.
const COMPANIES = 30_000;

function companyDomain(id: number): string {
  return `company${id}.${tlds[id % tlds.length]}`;
}

export async function writeContactCsv(path: string, rows: number, seed = 42): Promise<number> {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const freeTotal = freeMail.reduce((sum, [, weight]) => sum + weight, 0);
  const pickFree = (): string => {
    let roll = random() * freeTotal;
    for (const [domain, weight] of freeMail) if ((roll -= weight) < 0) return domain;
    return "gmail.com";
  };
  const recent: string[] = [];
  const recentGmail: string[] = [];
  const out = createWriteStream(path);
  let buffer = "email,first_name,last_name,company,phone\n";
  let bytes = 0;
  for (let i = 0; i < rows; i++) {
    const firstName = pick(firstNames);
    const lastName = pick(lastNames);
    // Accents stay in the name columns; mailbox names are ASCII, as people pick them.
    const first = toAscii(firstName);
    const last = toAscii(lastName);
    const roll = random();
    let email: string;
    if (roll < 0.04) email = pick(invalid);
    else if (roll < 0.09 && recent.length > 0) email = random() < 0.3 ? pick(recent).toUpperCase() : pick(recent);
    else if (roll < 0.11 && recentGmail.length > 0) email = toGmailAlias(pick(recentGmail), random);
    else if (roll < 0.125) email = `${pick(roles)}@${companyDomain(Math.floor(random() * COMPANIES))}`;
    else if (roll < 0.135) email = `${first}${i}@${pick(disposable)}`;
    else if (roll < 0.145) email = `${first}.${last}${i}@${pick(typos)}`;
    else if (roll < 0.6) email = `${first}.${last}${i}@${pickFree()}`;
    else email = `${first[0]}${last}${i}@${companyDomain(Math.floor(random() * COMPANIES))}`;
    if (roll >= 0.11) {
      remember(recent, email, random);
      if (email.endsWith("@gmail.com")) remember(recentGmail, email, random);
    }
    const company = random() < 0.03 ? `"${pick(lastNames)}, ${pick(["Inc.", "Ltd", "GmbH"])}"` : `${pick(lastNames)} ${pick(["Inc", "Ltd", "GmbH", "SA"])}`;
    const phone = random() < 0.3 ? `+1 555 ${String(i % 10_000).padStart(4, "0")}` : String(5_550_000 + (i % 10_000));
    buffer += `${email},${firstName},${lastName},${company},${phone}\n`;
    if (buffer.length >= 64 * 1024) {
      bytes += Buffer.byteLength(buffer);
      if (!out.write(buffer)) await once(out, "drain");
      buffer = "";
    }
  }
  bytes += Buffer.byteLength(buffer);
  out.end(buffer);
  await once(out, "finish");
  return bytes;
}

function toAscii(name: string): string {
  return name.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
}

// Duplicates point back at recent rows, as they do when lists are merged.
function remember(list: string[], email: string, random: () => number): void {
  if (list.length < 10_000) list.push(email);
  else list[Math.floor(random() * list.length)] = email;
}

function toGmailAlias(email: string, random: () => number): string {
  const [local = "", domain = ""] = email.split("@");
  if (random() < 0.5) return `${local}+news@${domain}`;
  const withoutDots = local.replaceAll(".", "");
  return `${withoutDots.slice(0, 2)}.${withoutDots.slice(2)}@${random() < 0.5 ? "googlemail.com" : domain}`;
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
