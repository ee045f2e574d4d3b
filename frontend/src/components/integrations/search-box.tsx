"use client";

import { useId, useState, type FormEvent } from "react";

import { Button } from "@/components/ui/button";

/** A labelled search field that reports its text on submit. */
export function SearchBox({ label, initial = "", onSearch }: { label: string; initial?: string; onSearch: (text: string) => void }) {
  const id = useId();
  const [text, setText] = useState(initial);
  function submit(event: FormEvent) {
    event.preventDefault();
    if (text.trim()) onSearch(text.trim());
  }
  return (
    <form onSubmit={submit} role="search" className="mb-4 flex gap-2">
      <label htmlFor={id} className="sr-only">{label}</label>
      <input id={id} type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder={label} className="h-10 min-w-0 flex-1 rounded-md border border-border bg-background px-3 text-sm" />
      <Button type="submit" variant="outline">Search</Button>
    </form>
  );
}
