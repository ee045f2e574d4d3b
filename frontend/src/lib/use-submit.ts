import { useState, type FormEvent } from "react";

/** Run a form's async action, tracking whether it is pending and what went wrong. */
export function useSubmit(action: (form: FormData) => Promise<void>) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      await action(new FormData(event.currentTarget));
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : "Something went wrong.");
    } finally {
      setPending(false);
    }
  }
  return { pending, error, onSubmit };
}

export function field(form: FormData, name: string): string {
  return String(form.get(name) ?? "");
}
