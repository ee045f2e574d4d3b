"use client";

import { percent, reasonText } from "@/components/ml/wording";
import { Alert } from "@/components/ui/alert";
import { Card, CardTitle } from "@/components/ui/card";
import { useAtRisk } from "@/lib/queries/ml";

/** For an organization's admins: the started items least likely to be finished, and why. */
export function AtRiskLearners({ orgId }: { orgId: number }) {
  const query = useAtRisk(orgId);
  const learners = query.data?.learners ?? [];
  return (
    <Card className="min-w-0" aria-labelledby="at-risk-title">
      <CardTitle id="at-risk-title">Learners at risk</CardTitle>
      <p className="mb-3 text-sm text-muted-foreground">
        Items your members started and are least likely to finish within 14 days, with what holds each back most
        compared with your organization&apos;s typical learner.
      </p>
      {query.error && <Alert>{query.error.message}</Alert>}
      {query.isPending ? (
        <p className="text-muted-foreground">Scoring your members&apos; open items…</p>
      ) : learners.length === 0 ? (
        <p className="text-muted-foreground">
          Nobody is at risk that we can see: either no member has an unfinished item, or no model serves yet (train
          one and promote it).
        </p>
      ) : (
        <ol className="divide-y divide-border" aria-label="Learners at risk">
          {learners.map((row) => (
            <li key={`${row.learner_id}-${row.item_id}`} className="py-3" data-learner-id={row.learner_id}>
              <div className="flex flex-wrap items-baseline justify-between gap-x-3">
                <p className="font-medium">
                  {row.learner_name || `Learner ${row.learner_id}`}{" "}
                  <span className="font-normal text-muted-foreground">on “{row.item_title}”</span>
                </p>
                <p className="text-sm">
                  <span className="font-mono font-semibold">{percent(row.probability)}</span> chance to finish in 14 days
                </p>
              </div>
              {row.reasons.length > 0 ? (
                <ul className="mt-1 list-disc pl-5 text-sm text-muted-foreground" aria-label="Top reasons">
                  {row.reasons.map((reason) => (
                    <li key={reason.feature} data-reason-feature={reason.feature}>
                      {reasonText(reason)}
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="mt-1 text-sm text-muted-foreground">Nothing stands out against your typical learner.</p>
              )}
            </li>
          ))}
        </ol>
      )}
      {query.data?.model && <p className="mt-2 text-xs text-muted-foreground">Scored by {query.data.model}.</p>}
    </Card>
  );
}
