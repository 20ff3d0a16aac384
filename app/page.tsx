import { redirect } from "next/navigation";
import { sessionUser } from "@/app/session-user";
import { isServiceUnavailable } from "@/lib/errors";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  // While the database is away the dashboard says so; sign-in would wrongly suggest a signed-out person.
  const signedIn = await sessionUser().then(Boolean, (error: unknown) => {
    if (isServiceUnavailable(error)) return true;
    throw error;
  });
  redirect(signedIn ? "/dashboard" : "/sign-in");
}
