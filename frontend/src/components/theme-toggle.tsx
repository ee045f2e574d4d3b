"use client";

import { useEffect, useState } from "react";

import { Button } from "@/components/ui/button";

/** Flips dark mode; the choice is a display preference, kept in localStorage (never a token). */
export function ThemeToggle() {
  const [dark, setDark] = useState(false);
  useEffect(() => setDark(document.documentElement.classList.contains("dark")), []);
  function toggle() {
    const now = document.documentElement.classList.toggle("dark");
    localStorage.setItem("theme", now ? "dark" : "light");
    setDark(now);
  }
  return (
    <Button variant="ghost" onClick={toggle} aria-label="Toggle dark mode" aria-pressed={dark} className="px-3">
      <svg aria-hidden="true" viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="2">
        <path d="M21 12.8A9 9 0 1 1 11.2 3a7 7 0 0 0 9.8 9.8z" />
      </svg>
    </Button>
  );
}
