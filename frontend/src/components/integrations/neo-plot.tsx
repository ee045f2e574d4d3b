"use client";

import { CartesianGrid, Legend, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from "recharts";

import type { components } from "@/lib/api/api";

type Asteroid = components["schemas"]["Asteroid"];
type Point = { name: string; distance: number; size: number };

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

/** Hazardous and other asteroids, miss distance against size; fills its parent's box. */
export function NeoPlot({ asteroids }: { asteroids: Asteroid[] }) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <ScatterChart margin={{ top: 10, right: 20, bottom: 30, left: 10 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
        <XAxis type="number" dataKey="distance" name="Miss distance" unit=" LD" stroke="var(--muted-foreground)" label={{ value: "Miss distance (lunar distances)", position: "bottom", offset: 10, fill: "var(--muted-foreground)" }} />
        <YAxis type="number" dataKey="size" name="Size" unit=" m" stroke="var(--muted-foreground)" width={70} />
        <Tooltip cursor={{ strokeDasharray: "3 3" }} contentStyle={{ background: "var(--card)", borderColor: "var(--border)" }} />
        <Legend verticalAlign="top" />
        <Scatter name="Not hazardous" data={points(asteroids, false)} fill="var(--primary)" isAnimationActive={false} />
        <Scatter name="Potentially hazardous" data={points(asteroids, true)} fill="var(--danger)" shape="diamond" isAnimationActive={false} />
      </ScatterChart>
    </ResponsiveContainer>
  );
}
