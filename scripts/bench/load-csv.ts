// Contact lists for bench:load's uploads: mostly valid addresses at real-looking
// domains, with the usual mess (typos, bad syntax, duplicates, a role account) mixed in.
const DOMAINS = ["acme-mail.com", "northwind-traders.com", "fabrikam.net", "contoso-shop.org", "tailspin-toys.co.uk", "gmail.com"];
const FIRST = ["ada", "grace", "alan", "edsger", "barbara", "ken", "dennis", "margaret", "linus", "radia"];
const LAST = ["lovelace", "hopper", "turing", "dijkstra", "liskov", "thompson", "ritchie", "hamilton", "torvalds", "perlman"];

function address(row: number): string {
  const first = FIRST[row % FIRST.length]!;
  const last = LAST[Math.floor(row / FIRST.length) % LAST.length]!;
  const domain = DOMAINS[row % DOMAINS.length]!;
  switch (row % 20) {
    case 3:
      return `${first}.${last}${row}@gmial.com`;
    case 7:
      return `${first} ${last}@${domain}`;
    case 11:
      return `${first}.${last}${row - 1}@${domain}`;
    case 13:
      return `info@${domain}`;
    default:
      return `${first}.${last}${row}@${domain}`;
  }
}

/** A CSV of `rows` contacts (email, name, company), about 50 bytes a row. */
export function contactsCsv(rows: number): string {
  const lines = ["email,name,company"];
  for (let row = 0; row < rows; row += 1) {
    lines.push(`${address(row)},${FIRST[row % FIRST.length]} ${LAST[row % LAST.length]},Company ${row % 997}`);
  }
  return `${lines.join("\n")}\n`;
}
