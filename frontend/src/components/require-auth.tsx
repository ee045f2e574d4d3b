"use client";

import { usePathname, useRouter } from "next/navigation";
import { useEffect, type ReactNode } from "react";

import { useSession } from "@/lib/auth/store";

/** Shows its children to a logged-in user; sends anyone else to log in and back here after. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const status = useSession((s) => s.status);
  const router = useRouter();
  const pathname = usePathname();
  useEffect(() => {
    if (status === "anonymous") router.replace(`/login?next=${encodeURIComponent(pathname)}`);
  }, [status, router, pathname]);
  if (status !== "authenticated") {
    return (
      <p className="py-12 text-center text-muted-foreground" aria-live="polite">
        {status === "unknown" ? "Checking your session…" : "Redirecting to log in…"}
      </p>
    );
  }
  return <>{children}</>;
}
