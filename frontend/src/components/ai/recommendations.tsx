"use client";

import { useQuery } from "@tanstack/react-query";

import { Alert } from "@/components/ui/alert";
import { Card, CardTitle } from "@/components/ui/card";
import { PageLink } from "@/components/ui/page-link";
import { api } from "@/lib/api/client";
import { unwrap } from "@/lib/api/errors";

/** "What next": the items the recommender picks for this learner, each with its reason. */
export function Recommendations({ limit = 3 }: { limit?: number }) {
  const query = useQuery({
    queryKey: ["recommendations", limit],
    queryFn: async () => unwrap(await api.POST("/api/v1/recommendations", { body: { limit } })),
  });
  return (
    <Card className="md:col-span-2">
      <CardTitle>What next</CardTitle>
      {query.error && <Alert>{query.error.message}</Alert>}
      <ul className="grid min-h-32 gap-4 sm:grid-cols-3" aria-busy={query.isPending} aria-label="Recommended items">
        {query.isPending && <li className="text-muted-foreground">Finding what suits you…</li>}
        {query.data?.items.length === 0 && <li className="text-muted-foreground">Nothing to recommend yet.</li>}
        {query.data?.items.map((item) => (
          <li key={item.item_id} className="rounded-md border border-border p-4">
            <p className="text-xs uppercase tracking-wide text-muted-foreground">{item.kind}</p>
            <PageLink href={`/learn/items/${item.item_id}`} className="font-semibold underline-offset-4 hover:underline">
              {item.title}
            </PageLink>
            <p className="mt-1 text-sm text-muted-foreground" data-reason>{item.reason}</p>
          </li>
        ))}
      </ul>
    </Card>
  );
}
