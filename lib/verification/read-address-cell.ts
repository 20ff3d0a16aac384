// Cells as people fill them: "Jane Doe <jane@x.com>" and "\"Doe, Jane\" <jane@x.com>"
// (Outlook, Gmail), and several addresses in one cell, split by Google Contacts' " ::: ",
// by ";" or by ",". Only asked about cells that are not one valid address, so the plain
// cells of a list cost nothing here.

export type CellAddress = {
  readonly address: string;
  /** The name written with the address ("Jane Doe"), or null. */
  readonly displayName: string | null;
};

export type CellReading = {
  /** Every address of the cell, in order; each gets a row of its own. */
  readonly addresses: readonly CellAddress[];
  /** The separator between them when there are several, as written (" ::: ", ";", ","). */
  readonly separator: string | null;
};

const LIST_OR_NAME = /[<,;]|:::/;

/** How to read a cell that is not one bare address; null when it is not a name-address or a list. */
export function readAddressCell(cell: string): CellReading | null {
  const text = cell.trim();
  if (!LIST_OR_NAME.test(text)) return null;
  const { parts, separator } = splitList(text);
  const withAt = parts.filter((part) => part.includes("@")).length;
  // "Doe, Jane <jane@x.com>" is one address with an unquoted comma in its name, and
  // "john,doe@x.com" a slip: split only where there are at least two addresses.
  const pieces = withAt >= 2 || (withAt === 1 && parts.length === 1) ? parts : [text];
  const addresses = pieces.map(readNameAddress);
  const only = addresses[0];
  if (addresses.length === 1 && only !== undefined && only.displayName === null && only.address === text) return null;
  return { addresses, separator: addresses.length > 1 ? separator : null };
}

// Splits at separators outside quotes and angle brackets; empty parts are left out.
function splitList(text: string): { parts: string[]; separator: string | null } {
  const parts: string[] = [];
  let separator: string | null = null;
  let from = 0;
  let inQuotes = false;
  let inAngle = false;
  for (let i = 0; i < text.length; i++) {
    const character = text[i];
    if (inQuotes) {
      if (character === "\\") i++;
      else if (character === '"') inQuotes = false;
      continue;
    }
    if (character === '"') inQuotes = true;
    else if (character === "<") inAngle = true;
    else if (character === ">") inAngle = false;
    else if (!inAngle && (character === ";" || character === "," || text.startsWith(":::", i))) {
      const length = character === ":" ? 3 : 1;
      parts.push(text.slice(from, i));
      separator ??= character === ":" ? " ::: " : (character ?? ",");
      from = i + length;
      i += length - 1;
    }
  }
  parts.push(text.slice(from));
  return { parts: parts.map((part) => part.trim()).filter((part) => part !== ""), separator };
}

// `Name <address>`, `"Name" <address>`, `<address>` or a bare address.
function readNameAddress(part: string): CellAddress {
  if (!part.endsWith(">")) return { address: part, displayName: null };
  const open = lastOpeningAngle(part);
  if (open === -1) return { address: part, displayName: null };
  const address = part.slice(open + 1, -1).trim();
  const name = unquote(part.slice(0, open).trim());
  return { address, displayName: name === "" ? null : name };
}

function lastOpeningAngle(part: string): number {
  let inQuotes = false;
  let open = -1;
  for (let i = 0; i < part.length; i++) {
    const character = part[i];
    if (inQuotes) {
      if (character === "\\") i++;
      else if (character === '"') inQuotes = false;
    } else if (character === '"') inQuotes = true;
    else if (character === "<") open = i;
  }
  return open;
}

function unquote(name: string): string {
  if (name.length < 2 || !name.startsWith('"') || !name.endsWith('"')) return name;
  return name.slice(1, -1).replace(/\\(.)/g, "$1").trim();
}
