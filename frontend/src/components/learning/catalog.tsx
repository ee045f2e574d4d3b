"use client";

import Link from "next/link";
import { useId, useState, type ReactNode } from "react";

import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { type Item, type ItemFilters, type ItemKind, useItems, useModules, useTracks } from "@/lib/queries/learning";

const KINDS: ItemKind[] = ["lesson", "lab", "quiz", "video", "reading"];
const SELECT = "h-10 rounded-md border border-border bg-background px-2 text-sm";

function Filter({ label, children }: { label: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      {children(id)}
    </div>
  );
}

function ItemGrid({ items, label, context }: { items: Item[]; label: string; context?: (item: Item) => string }) {
  if (items.length === 0) return null;
  return (
    <ul className="grid gap-4 md:grid-cols-2" aria-label={label}>
      {items.map((item) => (
        <li key={item.id}>
          <Card className="h-full">
            <p className="mb-1 text-xs uppercase tracking-wide text-muted-foreground">
              {[context?.(item), item.kind, `difficulty ${item.difficulty}`, `${item.estimated_minutes} min`].filter(Boolean).join(" · ")}
            </p>
            <h3 className="text-base font-semibold">
              <Link href={`/learn/items/${item.id}`} className="underline-offset-4 hover:underline">
                {item.title}
              </Link>
            </h3>
            {item.summary && <p className="mt-1 text-sm text-muted-foreground">{item.summary}</p>}
            {item.tags && item.tags.length > 0 && (
              <p className="mt-2 flex flex-wrap gap-1">
                {item.tags.map((name) => (
                  <span key={name} className="rounded-full bg-muted px-2 py-0.5 text-xs">{name}</span>
                ))}
              </p>
            )}
          </Card>
        </li>
      ))}
    </ul>
  );
}

/** One track's items under their modules, in the track's order. */
function TrackModules({ trackId, items }: { trackId: number; items: Item[] }) {
  const modules = useModules(trackId);
  return (
    <div className="flex flex-col gap-6">
      {modules.error && <Alert>{modules.error.message}</Alert>}
      {modules.data?.results.map((module) => (
        <section key={module.id} aria-labelledby={`module-${module.id}`}>
          <h2 id={`module-${module.id}`} className="mb-3 text-lg font-semibold">{module.title}</h2>
          <ItemGrid items={items.filter((item) => item.module_id === module.id)} label={`${module.title} items`} />
        </section>
      ))}
    </div>
  );
}

/** Tracks, modules and items, filtered by track, kind, difficulty, tag and text. */
export function Catalog() {
  const [filters, setFilters] = useState<ItemFilters>({});
  const [tag, setTag] = useState("");
  const tracks = useTracks();
  const items = useItems(filters);
  const tags = [...new Set(items.data?.results.flatMap((item) => item.tags ?? []) ?? [])].sort();
  const shown = items.data?.results.filter((item) => !tag || (item.tags ?? []).includes(tag)) ?? [];
  const trackTitle = new Map(tracks.data?.results.map((track) => [track.id, track.title]));
  const set = (change: Partial<ItemFilters>) => setFilters((current) => ({ ...current, ...change }));
  return (
    <div className="grid gap-6">
      <Card>
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
          <Filter label="Track">
            {(id) => (
              <select id={id} className={SELECT} value={filters.track ?? ""} onChange={(e) => set({ track: e.target.value ? Number(e.target.value) : undefined })}>
                <option value="">All tracks</option>
                {tracks.data?.results.map((track) => (
                  <option key={track.id} value={track.id}>{track.title}</option>
                ))}
              </select>
            )}
          </Filter>
          <Filter label="Kind">
            {(id) => (
              <select id={id} className={SELECT} value={filters.kind ?? ""} onChange={(e) => set({ kind: (e.target.value || undefined) as ItemKind | undefined })}>
                <option value="">Any kind</option>
                {KINDS.map((kind) => (
                  <option key={kind} value={kind}>{kind}</option>
                ))}
              </select>
            )}
          </Filter>
          <Filter label="Difficulty">
            {(id) => (
              <select id={id} className={SELECT} value={filters.difficulty ?? ""} onChange={(e) => set({ difficulty: e.target.value ? Number(e.target.value) : undefined })}>
                <option value="">Any difficulty</option>
                {[1, 2, 3, 4, 5].map((level) => (
                  <option key={level} value={level}>{level}</option>
                ))}
              </select>
            )}
          </Filter>
          <Filter label="Tag">
            {(id) => (
              <select id={id} className={SELECT} value={tag} onChange={(e) => setTag(e.target.value)}>
                <option value="">Any tag</option>
                {tags.map((name) => (
                  <option key={name} value={name}>{name}</option>
                ))}
              </select>
            )}
          </Filter>
          <Filter label="Search">
            {(id) => (
              <input id={id} type="search" className={SELECT} placeholder="Title or summary" onChange={(e) => set({ q: e.target.value || undefined })} />
            )}
          </Filter>
        </div>
      </Card>
      {(tracks.error || items.error) && <Alert>{(tracks.error ?? items.error)?.message}</Alert>}
      <div className="min-h-64" aria-busy={items.isPending}>
        {items.isPending && <p className="text-muted-foreground">Loading the catalog…</p>}
        {!items.isPending && shown.length === 0 && <p className="text-muted-foreground">No item matches these filters.</p>}
        {filters.track === undefined ? (
          <ItemGrid items={shown} label="Catalog items" context={(item) => trackTitle.get(item.track_id) ?? "Track"} />
        ) : (
          <TrackModules trackId={filters.track} items={shown} />
        )}
      </div>
    </div>
  );
}
