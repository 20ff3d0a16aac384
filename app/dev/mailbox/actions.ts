"use server";
// Server actions of the dev mailbox page.
import { revalidatePath } from "next/cache";
import { notFound } from "next/navigation";
import { env } from "@/lib/env";
import { clearMailbox } from "@/lib/email/mailbox";

/** Deletes every stored message. Refused unless the dev mailbox is the transport. */
export async function clearMailboxAction(): Promise<void> {
  // Actions are reachable by POST even when the page is not: check here too.
  if (env().EMAIL_TRANSPORT !== "mailbox") notFound();
  await clearMailbox();
  revalidatePath("/dev/mailbox");
}
