import type { Metadata } from "next";

import { PageLink } from "@/components/ui/page-link";

export const metadata: Metadata = { title: "Page not found" };

/** Any address the dashboard does not have, and any item or page a route turns away with notFound(). */
export default function NotFound() {
  return (
    <section className="mx-auto flex max-w-md flex-col items-center gap-4 py-16 text-center">
      <p className="font-mono text-sm text-muted-foreground">404</p>
      <h1 className="text-2xl font-semibold">This page does not exist</h1>
      <p className="text-muted-foreground">
        The address may be mistyped, or what it pointed to was moved or removed.
      </p>
      <div className="flex flex-wrap justify-center gap-3">
        <PageLink href="/" className="rounded-md bg-primary px-4 py-2 text-sm font-medium text-primary-foreground">
          Go home
        </PageLink>
        <PageLink href="/learn" className="rounded-md border border-border px-4 py-2 text-sm font-medium hover:bg-muted">
          Browse the catalog
        </PageLink>
      </div>
    </section>
  );
}
