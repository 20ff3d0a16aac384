import { redirect } from "next/navigation";
import { auth } from "@/app/auth";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  redirect((await auth()) ? "/dashboard" : "/sign-in");
}
