// The Auth.js instance for the web app. Lazy, so settings and the database are
// only touched when a request needs them (never during `next build`).
import NextAuth from "next-auth";
import { authConfig } from "@/lib/auth/config";

export const { handlers, auth, signIn, signOut } = NextAuth(() => authConfig());
