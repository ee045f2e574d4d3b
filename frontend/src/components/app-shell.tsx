"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import type { ReactNode } from "react";

import { NarrowMenu, WideMenu } from "@/components/main-menu";
import { OrgSwitcher } from "@/components/org-switcher";
import { ThemeToggle } from "@/components/theme-toggle";
import { Button } from "@/components/ui/button";
import { PageLink } from "@/components/ui/page-link";
import { logOut } from "@/lib/auth/session";
import { useSession } from "@/lib/auth/store";

export function AppShell({ children }: { children: ReactNode }) {
  const router = useRouter();
  const status = useSession((s) => s.status);
  const queryClient = useQueryClient();
  async function leave() {
    await logOut();
    queryClient.clear(); // nothing of this account stays for the next one to see
    router.push("/login");
  }
  const account = (
    <>
      <OrgSwitcher />
      <Button variant="outline" onClick={() => void leave()} className="h-9">
        Log out
      </Button>
    </>
  );
  return (
    <>
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-card focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <header className="border-b border-border bg-card">
        <div className="mx-auto flex min-h-14 max-w-6xl flex-wrap items-center gap-x-2 gap-y-2 px-4 py-2 sm:gap-x-4">
          <PageLink href="/" className="text-lg font-bold tracking-tight">
            Atrium
          </PageLink>
          {status === "authenticated" && <WideMenu />}
          <div className="ml-auto flex items-center gap-2">
            {status === "authenticated" ? (
              <div className="hidden items-center gap-2 sm:flex">{account}</div>
            ) : (
              status === "anonymous" && (
                <>
                  <PageLink href="/login" className="px-2 text-sm underline-offset-4 hover:underline">
                    Log in
                  </PageLink>
                  <PageLink href="/register" className="px-2 text-sm underline-offset-4 hover:underline">
                    Register
                  </PageLink>
                </>
              )
            )}
            <ThemeToggle />
          </div>
          {status === "authenticated" && <NarrowMenu extras={account} />}
        </div>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-4 py-6 sm:py-8">
        {children}
      </main>
    </>
  );
}
