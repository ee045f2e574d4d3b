"use client";

import { useQuery } from "@tanstack/react-query";

import { ExternalMedia } from "@/components/integrations/external-media";
import { ModuleCard } from "@/components/integrations/module-card";
import { api } from "@/lib/api/client";
import type { components } from "@/lib/api/api";
import { refetchWhenBack, unwrapIntegration } from "@/lib/queries/integrations";

type ApodEntry = components["schemas"]["ApodEntry"];

function ApodMedia({ entry }: { entry: ApodEntry }) {
  const source = entry.media_type === "video" ? entry.url : (entry.image_url ?? entry.url);
  if (!source) return null;
  return (
    <div className="mb-4 aspect-video w-full overflow-hidden rounded-md bg-muted">
      <ExternalMedia url={source} label={entry.media_type === "video" ? "This video" : "This picture"}>
        {entry.media_type === "video" ? (
          <iframe src={source} title={entry.title} className="h-full w-full" allow="fullscreen" sandbox="allow-scripts allow-same-origin" />
        ) : (
          // eslint-disable-next-line @next/next/no-img-element -- hosted by NASA, shown as is
          <img src={source} alt={entry.title} className="h-full w-full object-contain" />
        )}
      </ExternalMedia>
    </div>
  );
}

export function Apod() {
  const query = useQuery({
    queryKey: ["apod"],
    refetchInterval: refetchWhenBack,
    queryFn: async () => unwrapIntegration(await api.GET("/api/v1/integrations/nasa/apod")),
  });
  return (
    <ModuleCard title="Astronomy Picture of the Day" query={query} minHeight="24rem">
      {(entry) => (
        <article>
          <ApodMedia entry={entry} />
          <h3 className="text-lg font-semibold">{entry.title}</h3>
          <p className="mb-2 text-sm text-muted-foreground">
            {entry.date}
            {entry.copyright && ` · © ${entry.copyright}`}
          </p>
          <p className="text-sm leading-relaxed">{entry.explanation}</p>
        </article>
      )}
    </ModuleCard>
  );
}
