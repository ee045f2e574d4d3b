"use client";

import { useId, useState, type ReactNode } from "react";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageLink } from "@/components/ui/page-link";
import {
  type Item,
  type ItemFilters,
  type ItemKind,
  type ProgressStatus,
  useItems,
  useModules,
  useMyStatuses,
  useTracks,
} from "@/lib/queries/learning";

const KINDS: ItemKind[] = ["lesson", "lab", "quiz", "video", "reading"];
const SELECT = "h-10 w-full rounded-md border border-border bg-background px-2 text-sm";
const ORDERINGS = [
  ["", "Catalog order"],
  ["title", "Title"],
  ["difficulty", "Easiest first"],
  ["-difficulty", "Hardest first"],
  ["estimated_minutes", "Shortest first"],
  ["-updated_at", "Recently updated"],
] as const;
const STATUS_BADGE: Record<ProgressStatus, string | null> = {
  not_started: null,
  in_progress: "In progress",
  completed: "Completed",
};

function StatusBadge({ status }: { status: ProgressStatus | undefined }) {
  const text = status && STATUS_BADGE[status];
  if (!text) return null;
  return (
    <span
      data-status={status}
      className={status === "completed" ? "rounded-full border border-success px-2 py-0.5 text-xs text-success" : "rounded-full border border-border px-2 py-0.5 text-xs"}
    >
      {text}
    </span>
  );
}

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
  const statuses = useMyStatuses();
  if (items.length === 0) return null;
  return (
    <ul className="grid gap-4 md:grid-cols-2" aria-label={label}>
      {items.map((item) => (
        <li key={item.id}>
          <Card className="h-full">
            <div className="mb-1 flex flex-wrap items-start justify-between gap-2">
              <p className="text-xs uppercase tracking-wide text-muted-foreground">
                {[context?.(item), item.kind, `difficulty ${item.difficulty}`, `${item.estimated_minutes} min`].filter(Boolean).join(" · ")}
              </p>
              <StatusBadge status={statuses.data?.get(item.id)} />
            </div>
            <h3 className="text-base font-semibold">
              <PageLink href={`/learn/items/${item.id}`} className="underline-offset-4 hover:underline">
                {item.title}
              </PageLink>
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
  const tracks = useTracks();
  // A track is shown whole, under its modules; across tracks the catalog comes a page at a time.
  const items = useItems(filters, filters.track === undefined ? undefined : 200);
  const shown = items.data?.pages.flatMap((page) => page.results) ?? [];
  const tags = [...new Set(shown.flatMap((item) => item.tags ?? []))].sort();
  const trackTitle = new Map(tracks.data?.results.map((track) => [track.id, track.title]));
  const set = (change: Partial<ItemFilters>) => setFilters((current) => ({ ...current, ...change }));
  return (
    <div className="grid gap-6">
      <Card>
        <div className="grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-6">
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
              <>
                <input
                  id={id}
                  type="search"
                  list={`${id}-tags`}
                  className={SELECT}
                  placeholder="Any tag"
                  onChange={(e) => set({ tag: e.target.value.trim() || undefined })}
                />
                <datalist id={`${id}-tags`}>
                  {tags.map((name) => (
                    <option key={name} value={name} />
                  ))}
                </datalist>
              </>
            )}
          </Filter>
          <Filter label="Sort by">
            {(id) => (
              <select id={id} className={SELECT} value={filters.ordering ?? ""} onChange={(e) => set({ ordering: e.target.value || undefined })}>
                {ORDERINGS.map(([value, label]) => (
                  <option key={value} value={value}>{label}</option>
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
        {items.hasNextPage && (
          <div className="mt-6 flex justify-center">
            <Button variant="outline" disabled={items.isFetchingNextPage} onClick={() => void items.fetchNextPage()}>
              {items.isFetchingNextPage ? "Loading…" : `Show more (${shown.length} shown)`}
            </Button>
          </div>
        )}
      </div>
    </div>
  );
}
