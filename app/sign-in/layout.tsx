import type { ReactNode } from "react";
import { CenteredCard } from "@/components/centered-card/centered-card";

export default function SignInLayout({ children }: { children: ReactNode }) {
  return <CenteredCard>{children}</CenteredCard>;
}
