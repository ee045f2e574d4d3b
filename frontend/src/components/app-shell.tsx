"use client";

import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import type { ReactNode } from "react";

import { NAV } from "@/components/nav";
import { OrgSwitcher } from "@/components/org-switcher";
import { ThemeToggle } from "@/components/theme-toggle";
import { Button } from "@/components/ui/button";
import { logOut } from "@/lib/auth/session";
import { useSession } from "@/lib/auth/store";
import { cn } from "@/lib/cn";

/** The section a path belongs to (the longest section path it is under), or none. */
function activeSection(pathname: string): string {
  const under = NAV.filter((item) => pathname === item.href || pathname.startsWith(`${item.href}/`));
  return under.reduce((best, item) => (item.href.length > best.length ? item.href : best), "");
}

export function AppShell({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  const router = useRouter();
  const status = useSession((s) => s.status);
  const queryClient = useQueryClient();
  async function leave() {
    await logOut();
    queryClient.clear(); // nothing of this account stays for the next one to see
    router.push("/login");
  }
  return (
    <>
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-card focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <header className="border-b border-border bg-card">
        <div className="mx-auto flex min-h-14 max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-2">
          <Link href="/" className="text-lg font-bold tracking-tight">
            Atrium
          </Link>
          {status === "authenticated" && (
            <nav aria-label="Main" className="order-last -mx-1 flex w-full gap-1 overflow-x-auto sm:order-none sm:w-auto">
              {NAV.map((item) => {
                const current = item.href === activeSection(pathname);
                return (
                  <Link
                    key={item.href}
                    href={item.href}
                    aria-current={current ? "page" : undefined}
                    className={cn(
                      "whitespace-nowrap rounded-md px-3 py-1.5 text-sm",
                      current ? "bg-muted font-semibold" : "text-muted-foreground hover:bg-muted",
                    )}
                  >
                    {item.label}
                  </Link>
                );
              })}
            </nav>
          )}
          <div className="ml-auto flex items-center gap-2">
            {status === "authenticated" ? (
              <>
                <OrgSwitcher />
                <Button variant="outline" onClick={() => void leave()} className="h-9">
                  Log out
                </Button>
              </>
            ) : (
              status === "anonymous" && (
                <>
                  <Link href="/login" className="px-2 text-sm underline-offset-4 hover:underline">
                    Log in
                  </Link>
                  <Link href="/register" className="px-2 text-sm underline-offset-4 hover:underline">
                    Register
                  </Link>
                </>
              )
            )}
            <ThemeToggle />
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-4 py-8">
        {children}
      </main>
    </>
  );
}
