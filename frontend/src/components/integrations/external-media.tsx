"use client";

import { useEffect, type ReactNode } from "react";

import { Button } from "@/components/ui/button";
import { hostOf, useMediaConsent } from "@/lib/media-consent";

/** Shows `children` (which load from `url`'s host) once the user allows outside media. */
export function ExternalMedia({ url, label, children }: { url: string; label: string; children: ReactNode }) {
  const { allowed, allow, restore } = useMediaConsent();
  useEffect(restore, [restore]);
  if (allowed) return <>{children}</>;
  return (
    <div className="flex h-full w-full flex-col items-center justify-center gap-3 bg-muted p-4 text-center text-sm">
      <p>
        {label} is hosted on <strong>{hostOf(url)}</strong>.
      </p>
      <Button variant="outline" onClick={allow}>
        Show media from other sites
      </Button>
    </div>
  );
}
