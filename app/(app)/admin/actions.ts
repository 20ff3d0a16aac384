"use server";

import { revalidatePath } from "next/cache";
import { userAction } from "@/app/action-state";
import { replayDeadLetterJob, replayDeadLetterJobSchema } from "@/lib/admin/replay-dead-letter-job";
import { webBoss } from "@/lib/queue/boss";

// Admin → Dead-letter queue → Replay. replayDeadLetterJob refuses non-admins itself.
export const replayDeadLetterJobAction = userAction(replayDeadLetterJobSchema, async (input, user) => {
  const { jobId } = await replayDeadLetterJob(await webBoss(), { email: user.email }, input);
  revalidatePath("/admin");
  return { ok: true, message: `Sent back to ${input.queue} as job ${jobId}.` };
});
