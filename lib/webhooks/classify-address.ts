// Which part of the address space an IP address is in, so outgoing webhooks can be
// kept out of private networks (SSRF). The ranges are written out instead of using
// node:net's BlockList: it ignores zone ids ("fe80::1%eth0" matches nothing) and
// matches IPv4 rules against IPv4-mapped IPv6 in ways that are easy to get wrong.
// IPv6 forms that carry an IPv4 address (mapped, NAT64, 6to4, IPv4-compatible) are
// judged by the address they carry: ::ffff:127.0.0.1 is loopback.
import { isIP } from "node:net";

export type AddressKind = "public" | "private" | "loopback" | "link_local" | "cgnat" | "multicast" | "unspecified" | "reserved";

type Range = { bytes: number[]; prefix: number; kind: Exclude<AddressKind, "public"> };

function range(cidr: string, kind: Range["kind"]): Range {
  const [address = "", prefix = ""] = cidr.split("/");
  const bytes = isIP(address) === 4 ? ipv4Bytes(address) : ipv6Bytes(address);
  if (!bytes) throw new Error(`bad range ${cidr}`);
  return { bytes, prefix: Number(prefix), kind };
}

const IPV4_RANGES: Range[] = [
  range("0.0.0.0/8", "unspecified"), // "this network"; 0.0.0.0 reaches the local host on Linux
  range("10.0.0.0/8", "private"),
  range("100.64.0.0/10", "cgnat"),
  range("127.0.0.0/8", "loopback"),
  range("169.254.0.0/16", "link_local"), // cloud metadata services live at 169.254.169.254
  range("172.16.0.0/12", "private"),
  range("192.0.0.0/24", "reserved"), // IETF protocol assignments
  range("192.0.2.0/24", "reserved"), // documentation
  range("192.88.99.0/24", "reserved"), // 6to4 relay anycast
  range("192.168.0.0/16", "private"),
  range("198.18.0.0/15", "reserved"), // benchmarking
  range("198.51.100.0/24", "reserved"), // documentation
  range("203.0.113.0/24", "reserved"), // documentation
  range("224.0.0.0/4", "multicast"),
  range("240.0.0.0/4", "reserved"), // future use, and 255.255.255.255 broadcast
];

const IPV6_RANGES: Range[] = [
  range("::/128", "unspecified"),
  range("::1/128", "loopback"),
  range("100::/64", "reserved"), // discard-only
  range("2001::/32", "reserved"), // Teredo: the IPv4 inside is obfuscated, so refuse the lot
  range("2001:db8::/32", "reserved"), // documentation
  range("fc00::/7", "private"), // unique local
  range("fe80::/10", "link_local"),
  range("fec0::/10", "private"), // site-local (deprecated)
  range("ff00::/8", "multicast"),
];

/** IPv6 prefixes that embed an IPv4 address, and the byte where it starts. */
const EMBEDDED_IPV4: { range: Range; offset: number }[] = [
  { range: range("::ffff:0:0/96", "reserved"), offset: 12 }, // IPv4-mapped
  { range: range("64:ff9b::/96", "reserved"), offset: 12 }, // NAT64
  { range: range("64:ff9b:1::/48", "reserved"), offset: 12 }, // local-use NAT64
  { range: range("2002::/16", "reserved"), offset: 2 }, // 6to4
  { range: range("::/96", "reserved"), offset: 12 }, // IPv4-compatible (deprecated); :: and ::1 matched before
];

/** The kind of an IP address (v4, or v6 with or without a zone id). Throws on anything else. */
export function classifyAddress(address: string): AddressKind {
  const v4 = isIP(address) === 4 ? ipv4Bytes(address) : null;
  if (v4) return classifyIpv4(v4);
  const v6 = ipv6Bytes(address);
  if (!v6) throw new TypeError(`not an IP address: ${address}`);
  const direct = IPV6_RANGES.find((candidate) => inRange(v6, candidate));
  if (direct) return direct.kind;
  const embedded = EMBEDDED_IPV4.find((candidate) => inRange(v6, candidate.range));
  if (embedded) return classifyIpv4(v6.slice(embedded.offset, embedded.offset + 4));
  return "public";
}

/** True when a webhook may be sent to this address without WEBHOOK_ALLOW_PRIVATE_TARGETS. */
export function isPublicAddress(address: string): boolean {
  return classifyAddress(address) === "public";
}

function classifyIpv4(bytes: number[]): AddressKind {
  return IPV4_RANGES.find((candidate) => inRange(bytes, candidate))?.kind ?? "public";
}

function inRange(bytes: number[], { bytes: base, prefix }: Range): boolean {
  if (bytes.length !== base.length) return false;
  for (let bit = 0; bit < prefix; bit += 8) {
    const bits = Math.min(8, prefix - bit);
    const mask = (0xff << (8 - bits)) & 0xff;
    const index = bit / 8;
    if (((bytes[index] ?? 0) & mask) !== ((base[index] ?? 0) & mask)) return false;
  }
  return true;
}

function ipv4Bytes(address: string): number[] | null {
  if (isIP(address) !== 4) return null;
  return address.split(".").map(Number);
}

/** The 16 bytes of an IPv6 address; a zone id ("%eth0") is dropped. */
function ipv6Bytes(address: string): number[] | null {
  const text = address.split("%", 1)[0] ?? "";
  if (isIP(text) !== 6) return null;
  const [head = "", tail] = text.split("::") as [string, string | undefined];
  const groups = (part: string) => (part === "" ? [] : part.split(":"));
  const headGroups = groups(head);
  const tailGroups = tail === undefined ? [] : groups(tail);
  // A trailing dotted quad ("::ffff:127.0.0.1") is the last two groups.
  const last = tail === undefined ? headGroups : tailGroups;
  const quad = last.at(-1)?.includes(".") ? ipv4Bytes(last.pop() ?? "") : null;
  if (quad) last.push(((quad[0]! << 8) | quad[1]!).toString(16), ((quad[2]! << 8) | quad[3]!).toString(16));
  const zeros = 8 - headGroups.length - tailGroups.length;
  const all = [...headGroups, ...Array<string>(tail === undefined ? 0 : zeros).fill("0"), ...tailGroups];
  if (all.length !== 8) return null;
  return all.flatMap((group) => {
    const value = Number.parseInt(group, 16);
    return [value >> 8, value & 0xff];
  });
}
