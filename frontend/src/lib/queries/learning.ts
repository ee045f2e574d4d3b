import { useInfiniteQuery, useQuery } from "@tanstack/react-query";

import { core } from "@/lib/api/client";
import type { components } from "@/lib/api/core";
import { unwrap } from "@/lib/api/errors";

export type Item = components["schemas"]["ItemRead"];
type ItemPage = components["schemas"]["ItemPage"];
export type ItemKind = components["schemas"]["ItemKind"];
export type ProgressStatus = components["schemas"]["ProgressStatus"];
export type ItemFilters = {
  track?: number;
  kind?: ItemKind;
  difficulty?: number;
  q?: string;
  tag?: string;
  ordering?: string;
};
export const ITEMS_PER_PAGE = 12;

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

/** The catalog's items a page at a time (core's cursor), in the order asked for. */
export function useItems(filters: ItemFilters, pageSize = ITEMS_PER_PAGE) {
  return useInfiniteQuery({
    queryKey: ["items", filters, pageSize],
    initialPageParam: null as string | null,
    getNextPageParam: (page: ItemPage) => page.next_cursor,
    queryFn: async ({ pageParam }): Promise<ItemPage> =>
      unwrap(
        await core.GET("/api/v1/catalog/items", {
          params: { query: { ...filters, page_size: pageSize, cursor: pageParam } },
        }),
      ),
  });
}

/** The caller's status on each item they started or finished (core's largest page). */
export function useMyStatuses() {
  return useQuery({
    queryKey: ["progress", "statuses"],
    queryFn: async () => {
      const page = unwrap(await core.GET("/api/v1/progress/", { params: { query: { page_size: 200 } } }));
      return new Map(page.results.map((record) => [record.item_id, record.status]));
    },
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

export type ItemContent = components["schemas"]["ItemContentRead"];

/** What the item holds beyond its body: a quiz (without answers), a lab's steps, a video's links. */
export function useItemContent(id: number) {
  return useQuery({
    queryKey: ["item-content", id],
    // Each read signs new media links: a refetch would swap the video's source mid-play.
    staleTime: 60 * 60 * 1000, // an hour, well inside the links' six
    queryFn: async () =>
      unwrap(await core.GET("/api/v1/catalog/items/{item_id}/content", { params: { path: { item_id: id } } })),
  });
}
