import { useMutation, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";

import { core } from "@/lib/api/client";
import type { components } from "@/lib/api/core";
import { unwrap } from "@/lib/api/errors";
import { useSession } from "@/lib/auth/store";

export type MlModel = components["schemas"]["ModelOut"];
export type ModelVersion = components["schemas"]["VersionOut"];
export type Monitored = components["schemas"]["MonitoredOut"];
export type AtRisk = components["schemas"]["AtRiskOut"];
export type Reason = components["schemas"]["ReasonOut"];

/** Every ML query key starts with "ml": a finished job or a promotion refreshes them all. */
const ML = "ml";

/** Whether the ML page is the caller's (staff, or an admin of the active organization). */
export function useMlAccess() {
  const authed = useSession((s) => s.status === "authenticated");
  const org = useSession((s) => s.organizationId);
  return useQuery({
    queryKey: [ML, "access", org],
    enabled: authed,
    queryFn: async () => unwrap(await core.GET("/api/v1/ml/access")),
  });
}

export function useModels() {
  return useQuery({
    queryKey: [ML, "models"],
    queryFn: async () => unwrap(await core.GET("/api/v1/ml/models")),
  });
}

/** Every model's versions, newest first, in the order of `names`. */
export function useVersions(names: string[]) {
  return useQueries({
    queries: names.map((name) => ({
      queryKey: [ML, "versions", name],
      queryFn: async () =>
        unwrap(await core.GET("/api/v1/ml/models/{name}/versions", { params: { path: { name } } })),
    })),
  });
}

export function useMonitoring(days = 30) {
  return useQuery({
    queryKey: [ML, "monitoring", days],
    queryFn: async () => unwrap(await core.GET("/api/v1/ml/monitoring", { params: { query: { days } } })),
  });
}

export function useAtRisk(orgId: number, limit = 10) {
  return useQuery({
    queryKey: [ML, "at-risk", orgId, limit],
    queryFn: async () =>
      unwrap(
        await core.GET("/api/v1/ml/organizations/{org_id}/at-risk", {
          params: { path: { org_id: orgId }, query: { limit } },
        }),
      ),
  });
}

/** Refetch everything the ML page shows (after training, a promotion or a rollback). */
export function useRefreshMl() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: [ML] });
}

export type TrainOptions = { seed: number; epochs: number };

/** Start training a candidate of `name` in `organizationId`'s scope (null: every organization's data). */
export function useTrain(name: string, organizationId: number | null) {
  return useMutation({
    mutationFn: async (options: TrainOptions) =>
      unwrap(
        await core.POST("/api/v1/ml/models/{name}/train", {
          params: { path: { name } },
          body: { organization_id: organizationId, ...options },
        }),
      ),
  });
}

export function usePromote(name: string) {
  const refresh = useRefreshMl();
  return useMutation({
    mutationFn: async (version: number) =>
      unwrap(
        await core.POST("/api/v1/ml/models/{name}/versions/{version}/promote", {
          params: { path: { name, version } },
        }),
      ),
    onSuccess: refresh,
  });
}

export function useRollback(name: string) {
  const refresh = useRefreshMl();
  return useMutation({
    mutationFn: async (organizationId: number | null) =>
      unwrap(
        await core.POST("/api/v1/ml/models/{name}/rollback", {
          params: { path: { name } },
          body: { organization_id: organizationId },
        }),
      ),
    onSuccess: refresh,
  });
}
