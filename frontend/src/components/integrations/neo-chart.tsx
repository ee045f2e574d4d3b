"use client";

import { useQuery } from "@tanstack/react-query";
import { CartesianGrid, Legend, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from "recharts";

import { ModuleCard } from "@/components/integrations/module-card";
import { api } from "@/lib/api/client";
import type { components } from "@/lib/api/api";
import { refetchWhenBack, unwrapIntegration } from "@/lib/queries/integrations";

type Asteroid = components["schemas"]["Asteroid"];
type Point = { name: string; distance: number; size: number };

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Each asteroid's closest approach in the week: lunar distances against its largest size. */
function points(asteroids: Asteroid[], hazardous: boolean): Point[] {
  return asteroids
    .filter((rock) => rock.potentially_hazardous === hazardous && rock.approaches.length > 0)
    .map((rock) => ({
      name: rock.name,
      distance: Math.min(...rock.approaches.map((a) => a.miss_distance_lunar)),
      size: Math.round(rock.diameter_km_max * 1000),
    }));
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
            <ResponsiveContainer width="100%" height="100%">
              <ScatterChart margin={{ top: 10, right: 20, bottom: 30, left: 10 }}>
                <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
                <XAxis type="number" dataKey="distance" name="Miss distance" unit=" LD" stroke="var(--muted-foreground)" label={{ value: "Miss distance (lunar distances)", position: "bottom", offset: 10, fill: "var(--muted-foreground)" }} />
                <YAxis type="number" dataKey="size" name="Size" unit=" m" stroke="var(--muted-foreground)" width={70} />
                <Tooltip cursor={{ strokeDasharray: "3 3" }} contentStyle={{ background: "var(--card)", borderColor: "var(--border)" }} />
                <Legend verticalAlign="top" />
                <Scatter name="Not hazardous" data={points(feed.asteroids, false)} fill="var(--primary)" isAnimationActive={false} />
                <Scatter name="Potentially hazardous" data={points(feed.asteroids, true)} fill="var(--danger)" shape="diamond" isAnimationActive={false} />
              </ScatterChart>
            </ResponsiveContainer>
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
