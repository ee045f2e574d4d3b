/** The dashboard's sections, in the order the header shows them. */
export const NAV = [
  { href: "/", label: "Home" },
  { href: "/organizations", label: "Organizations" },
  { href: "/jobs", label: "Jobs" },
] as const;
