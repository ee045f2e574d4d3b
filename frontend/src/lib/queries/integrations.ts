import { keepPreviousData, useQuery } from "@tanstack/react-query";

import { api } from "@/lib/api/client";
import type { paths } from "@/lib/api/api";
import { ApiError, detailMessage } from "@/lib/api/errors";

type GetPath = {
  [P in keyof paths]: paths[P] extends { get: unknown } ? P : never;
}[keyof paths] &
  `/api/v1/integrations/${string}`;

type Query<P extends GetPath> = paths[P]["get"] extends { parameters: { query?: infer Q } } ? Q : never;

/** Waits longer than this are not retried on their own: the card says when to come back. */
export const AUTO_RETRY_MAX_S = 120;

/** An integration route's failure: which upstream, whether this server is offline, and the wait it asked for. */
export class IntegrationError extends ApiError {
  constructor(
    status: number,
    message: string,
    readonly upstream: string | null,
    readonly offline: boolean,
    readonly retryAfterS: number | null,
  ) {
    super(status, message);
    this.name = "IntegrationError";
  }
}

function retryAfterSeconds(response: Response): number | null {
  const value = Number(response.headers.get("retry-after"));
  return Number.isFinite(value) && value > 0 ? value : null;
}

/** The data of an integration route, or an IntegrationError with what the card needs to explain it. */
export function unwrapIntegration<T>(result: { data?: T; error?: unknown; response: Response }): T {
  const { response, error } = result;
  if (error === undefined && response.ok) return result.data as T;
  const body = (error ?? {}) as { upstream?: unknown; offline?: unknown };
  throw new IntegrationError(
    response.status,
    detailMessage(error, response.status),
    typeof body.upstream === "string" ? body.upstream : null,
    body.offline === true,
    retryAfterSeconds(response),
  );
}

/** Ask again when the upstream said it would be back soon; otherwise wait for the person. */
export function refetchWhenBack(query: { state: { error: Error | null } }): number | false {
  const error = query.state.error;
  if (!(error instanceof IntegrationError) || error.offline || error.retryAfterS === null) return false;
  return error.retryAfterS <= AUTO_RETRY_MAX_S ? error.retryAfterS * 1000 : false;
}

/** A GET on an integration route, cached per path and query; `enabled` waits for input. */
export function useIntegration<P extends GetPath>(path: P, query?: Query<P>, enabled = true) {
  return useQuery({
    queryKey: [path, query],
    enabled,
    placeholderData: keepPreviousData, // a new search keeps the old results until it answers
    refetchInterval: refetchWhenBack,
    queryFn: async () =>
      // The generic path defeats openapi-fetch's overloads; the return type is restored below.
      unwrapIntegration(await (api.GET as (p: string, init: object) => Promise<never>)(path, { params: { query } })) as
        paths[P]["get"] extends { responses: { 200: { content: { "application/json": infer R } } } } ? R : never,
  });
}
