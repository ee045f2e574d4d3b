import { useQuery } from "@tanstack/react-query";

import { core } from "@/lib/api/client";
import type { components } from "@/lib/api/core";
import { unwrap } from "@/lib/api/errors";

export type Item = components["schemas"]["ItemRead"];
export type ItemKind = components["schemas"]["ItemKind"];
export type ProgressStatus = components["schemas"]["ProgressStatus"];
export type ItemFilters = { track?: number; kind?: ItemKind; difficulty?: number; q?: string };

export function useTracks() {
  return useQuery({
    queryKey: ["tracks"],
    queryFn: async () => unwrap(await core.GET("/api/v1/catalog/tracks", { params: { query: { page_size: 100 } } })),
  });
}

export function useModules(trackId: number) {
  return useQuery({
    queryKey: ["modules", trackId],
    queryFn: async () =>
      unwrap(
        await core.GET("/api/v1/catalog/tracks/{track_id}/modules", {
          params: { path: { track_id: trackId }, query: { page_size: 200 } },
        }),
      ),
  });
}

export function useItems(filters: ItemFilters) {
  return useQuery({
    queryKey: ["items", filters],
    queryFn: async () =>
      unwrap(await core.GET("/api/v1/catalog/items", { params: { query: { ...filters, page_size: 200 } } })),
  });
}

export function useItem(id: number) {
  return useQuery({
    queryKey: ["item", id],
    queryFn: async () =>
      unwrap(await core.GET("/api/v1/catalog/items/{item_id}", { params: { path: { item_id: id } } })),
  });
}

/** The caller's progress on one item, or null before they start it. */
export function useItemProgress(id: number) {
  return useQuery({
    queryKey: ["progress", id],
    queryFn: async () => {
      const page = unwrap(await core.GET("/api/v1/progress/", { params: { query: { item: id } } }));
      return page.results[0] ?? null;
    },
  });
}
