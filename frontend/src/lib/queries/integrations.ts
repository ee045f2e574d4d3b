import { keepPreviousData, useQuery } from "@tanstack/react-query";

import { api } from "@/lib/api/client";
import type { paths } from "@/lib/api/api";
import { unwrap } from "@/lib/api/errors";

type GetPath = {
  [P in keyof paths]: paths[P] extends { get: unknown } ? P : never;
}[keyof paths] &
  `/api/v1/integrations/${string}`;

type Query<P extends GetPath> = paths[P]["get"] extends { parameters: { query?: infer Q } } ? Q : never;

/** A GET on an integration route, cached per path and query; `enabled` waits for input. */
export function useIntegration<P extends GetPath>(path: P, query?: Query<P>, enabled = true) {
  return useQuery({
    queryKey: [path, query],
    enabled,
    placeholderData: keepPreviousData, // a new search keeps the old results until it answers
    queryFn: async () =>
      // The generic path defeats openapi-fetch's overloads; the return type is restored below.
      unwrap(await (api.GET as (p: string, init: object) => Promise<never>)(path, { params: { query } })) as
        paths[P]["get"] extends { responses: { 200: { content: { "application/json": infer R } } } } ? R : never,
  });
}
