// GET /api/account/export — download everything Tidings holds about you, as a ZIP (dashboard session).
import { withUser } from "@/app/api/route-auth";
import { exportAccount } from "@/lib/account/export-account";

export const GET = withUser(async (_request, user) => {
  const { fileName, archive } = await exportAccount(user.id);
  return new Response(new Uint8Array(archive), {
    headers: {
      "content-type": "application/zip",
      "content-disposition": `attachment; filename="${fileName}"`,
      "content-length": String(archive.length),
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
