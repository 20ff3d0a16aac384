// Whether a fix gives an address another fixed row of the same file already has (compared
// as the verifier compares duplicates: the mailbox). Such a fix is taken, and the corrected
// list has the address once (open-corrected-list.ts); this lets the click say so at once.
// Cheap: a file has at most 5,000 kept rows. A valid row of the file with the address is
// not looked for here: that would read the whole stored report on every click.
import { db } from "../db/client";
import { mailboxKey } from "../results/appended-rows";

/** The line of an earlier-or-other fixed row with the same mailbox, or null. */
export async function findFixedDuplicate(fileId: string, rowId: string, address: string): Promise<number | null> {
  const others = await db().flaggedRow.findMany({
    where: { fileId, id: { not: rowId }, fixedAddress: { not: null } },
    orderBy: [{ line: "asc" }, { part: "asc" }],
    select: { line: true, fixedAddress: true },
  });
  const key = mailboxKey(address);
  return others.find((other) => mailboxKey(other.fixedAddress ?? "") === key)?.line ?? null;
}
