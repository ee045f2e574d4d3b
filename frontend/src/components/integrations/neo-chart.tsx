"use client";

import { useQuery } from "@tanstack/react-query";
import dynamic from "next/dynamic";

import { ModuleCard } from "@/components/integrations/module-card";
import { api } from "@/lib/api/client";
import { refetchWhenBack, unwrapIntegration } from "@/lib/queries/integrations";

// The chart library loads after the page's text, into a box whose height is fixed here.
const NeoPlot = dynamic(() => import("@/components/integrations/neo-plot").then((m) => m.NeoPlot), { ssr: false });

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function NeoChart() {
  const end = new Date();
  const start = new Date(end.getTime() - 6 * 86_400_000);
  const query = useQuery({
    queryKey: ["neo", isoDay(start)],
    refetchInterval: refetchWhenBack,
    queryFn: async () =>
      unwrapIntegration(
        await api.GET("/api/v1/integrations/nasa/neo/feed", {
          params: { query: { start_date: isoDay(start), end_date: isoDay(end) } },
        }),
      ),
  });
  return (
    <ModuleCard title="Near-Earth objects this week" query={query} minHeight="24rem">
      {(feed) => (
        <figure>
          <div className="h-80 w-full" role="img" aria-label={`Scatter chart of ${feed.summary.count} near-Earth objects: miss distance against size, hazardous ones in red`}>
            <NeoPlot asteroids={feed.asteroids} />
          </div>
          <figcaption className="mt-2 text-sm text-muted-foreground">
            {feed.summary.count} objects from {feed.start_date} to {feed.end_date}; {feed.summary.potentially_hazardous} potentially hazardous.
            {feed.summary.closest_approach && ` Closest: ${feed.summary.closest_approach.name} at ${Math.round(feed.summary.closest_approach.miss_distance_km).toLocaleString("en")} km.`}
          </figcaption>
        </figure>
      )}
    </ModuleCard>
  );
}
