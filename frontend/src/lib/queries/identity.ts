import { useQuery } from "@tanstack/react-query";

import { core } from "@/lib/api/client";
import { unwrap } from "@/lib/api/errors";
import { useSession } from "@/lib/auth/store";

export function useMe() {
  const authed = useSession((s) => s.status === "authenticated");
  return useQuery({
    queryKey: ["me"],
    enabled: authed,
    queryFn: async () => unwrap(await core.GET("/api/v1/users/me")),
  });
}

export function useOrganizations() {
  const authed = useSession((s) => s.status === "authenticated");
  return useQuery({
    queryKey: ["organizations"],
    enabled: authed,
    queryFn: async () => unwrap(await core.GET("/api/v1/organizations/")),
  });
}
