import type { ReactNode } from "react";

import { cn } from "@/lib/cn";

export function Alert({ tone = "error", children }: { tone?: "error" | "info" | "success"; children: ReactNode }) {
  return (
    <p
      role={tone === "error" ? "alert" : "status"}
      className={cn(
        "rounded-md border px-3 py-2 text-sm",
        tone === "error" && "border-danger text-danger",
        tone === "success" && "border-success text-success",
        tone === "info" && "border-border text-muted-foreground",
      )}
    >
      {children}
    </p>
  );
}
