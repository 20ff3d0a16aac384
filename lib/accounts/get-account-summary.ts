import { db } from "../db/client";
import { AppError } from "../errors";

/** What the settings page shows about a person's account. */
export async function getAccountSummary(userId: string) {
  const user = await db().user.findUnique({
    where: { id: userId },
    select: { email: true, createdAt: true, _count: { select: { sessions: { where: { expires: { gt: new Date() } } } } } },
  });
  if (!user) throw new AppError("not_found", "This account no longer exists.");
  return { email: user.email, createdAt: user.createdAt, activeSessions: user._count.sessions };
}
