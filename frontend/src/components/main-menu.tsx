"use client";

import { usePathname } from "next/navigation";
import { type ReactNode, useEffect, useState } from "react";

import { useSections } from "@/components/nav";
import { PageLink } from "@/components/ui/page-link";
import { cn } from "@/lib/cn";

/** The section a path belongs to (the longest section path it is under), or none. */
function activeSection(sections: readonly { href: string }[], pathname: string): string {
  const under = sections.filter((item) => pathname === item.href || pathname.startsWith(`${item.href}/`));
  return under.reduce((best, item) => (item.href.length > best.length ? item.href : best), "");
}

function SectionLinks({ className, onPick }: { className: string; onPick?: () => void }) {
  const sections = useSections();
  const active = activeSection(sections, usePathname());
  return sections.map((item) => (
    <PageLink
      key={item.href}
      href={item.href}
      onClick={onPick}
      aria-current={item.href === active ? "page" : undefined}
      className={cn(
        "whitespace-nowrap rounded-md py-1.5 text-sm",
        className,
        item.href === active ? "bg-muted font-semibold" : "text-muted-foreground hover:bg-muted",
      )}
    >
      {item.label}
    </PageLink>
  ));
}

/** Every section in one row on wide screens. */
export function WideMenu() {
  return (
    <nav aria-label="Main" className="hidden gap-1 lg:flex">
      <SectionLinks className="px-2" />
    </nav>
  );
}

/** Below the wide breakpoint: a Menu button that opens every section as a list, closed again on navigation. */
export function NarrowMenu({ extras }: { extras: ReactNode }) {
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  useEffect(() => setOpen(false), [pathname]);
  return (
    <>
      <button
        type="button"
        aria-expanded={open}
        aria-controls="narrow-menu"
        onClick={() => setOpen(!open)}
        className="inline-flex h-9 items-center gap-2 rounded-md border border-border bg-card px-3 text-sm font-medium hover:bg-muted lg:hidden"
      >
        <svg aria-hidden="true" viewBox="0 0 24 24" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth="2">
          <path d={open ? "M6 6l12 12M18 6L6 18" : "M4 7h16M4 12h16M4 17h16"} />
        </svg>
        Menu
      </button>
      {open && (
        <div id="narrow-menu" className="order-last w-full border-t border-border pt-2 lg:hidden">
          <nav aria-label="Main" className="grid grid-cols-2 gap-1 sm:grid-cols-3">
            <SectionLinks className="px-3 py-2" onPick={() => setOpen(false)} />
          </nav>
          <div className="mt-2 flex flex-wrap items-center gap-2 border-t border-border pt-2 sm:hidden">{extras}</div>
        </div>
      )}
    </>
  );
}
