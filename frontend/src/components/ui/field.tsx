import { useId, type InputHTMLAttributes } from "react";

import { cn } from "@/lib/cn";

type FieldProps = InputHTMLAttributes<HTMLInputElement> & { label: string; hint?: string };

/** A labelled input: the label is always visible and tied to the input for screen readers. */
export function Field({ label, hint, className, ...props }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <input
        id={id}
        aria-describedby={hintId}
        className={cn(
          "h-10 rounded-md border border-border bg-background px-3 text-sm placeholder:text-muted-foreground",
          className,
        )}
        {...props}
      />
      {hint && (
        <p id={hintId} className="text-xs text-muted-foreground">
          {hint}
        </p>
      )}
    </div>
  );
}
