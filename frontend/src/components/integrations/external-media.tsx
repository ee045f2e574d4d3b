"use client";

import { useEffect, type ReactNode } from "react";

import { Button } from "@/components/ui/button";
import { hostOf, useMediaConsent } from "@/lib/media-consent";

export function MediaConsentButton() {
  const { allowed, allow } = useMediaConsent();
  if (allowed) return null;
  return (
    <Button variant="outline" className="h-8" onClick={allow}>
      Show media from other sites
    </Button>
  );
}

/**
 * Shows `children` (which load from `url`'s host) once the user allows outside media;
 * `compact` placeholders (gallery tiles) leave the button to the module.
 */
export function ExternalMedia({ url, label, compact = false, children }: { url: string; label: string; compact?: boolean; children: ReactNode }) {
  const { allowed, restore } = useMediaConsent();
  useEffect(restore, [restore]);
  if (allowed) return <>{children}</>;
  return (
    <div className="flex h-full w-full flex-col items-center justify-center gap-3 bg-muted p-2 text-center text-xs">
      {compact ? (
        <p>From {hostOf(url)}</p>
      ) : (
        <>
          <p className="text-sm">
            {label} is hosted on <strong>{hostOf(url)}</strong>.
          </p>
          <MediaConsentButton />
        </>
      )}
    </div>
  );
}
