import type { ReactNode } from "react";

import { Card } from "@/components/ui/card";

export function AuthCard({ title, children, footer }: { title: string; children: ReactNode; footer?: ReactNode }) {
  return (
    <div className="mx-auto w-full max-w-md">
      <Card className="p-6">
        <h1 className="mb-5 text-2xl font-semibold">{title}</h1>
        {children}
      </Card>
      {footer && <div className="mt-4 text-center text-sm text-muted-foreground">{footer}</div>}
    </div>
  );
}
