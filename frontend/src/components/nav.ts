/** The dashboard's sections, in the order the header shows them. */
export const NAV = [
  { href: "/", label: "Home" },
  { href: "/learn", label: "Learn" },
  { href: "/learn/progress", label: "Progress" },
  { href: "/chat", label: "Chat" },
  { href: "/personality", label: "Personality" },
  { href: "/space", label: "Space" },
  { href: "/explore", label: "Explore" },
  { href: "/organizations", label: "Organizations" },
  { href: "/jobs", label: "Jobs" },
] as const;
