import { useMlAccess } from "@/lib/queries/ml";

type Section = { href: string; label: string; forMl?: true };

/** The dashboard's sections, in the order the header shows them. */
export const NAV: readonly Section[] = [
  { href: "/", label: "Home" },
  { href: "/learn", label: "Learn" },
  { href: "/learn/progress", label: "Progress" },
  { href: "/chat", label: "Chat" },
  { href: "/personality", label: "Personality" },
  { href: "/space", label: "Space" },
  { href: "/explore", label: "Explore" },
  { href: "/organizations", label: "Organizations" },
  { href: "/jobs", label: "Jobs" },
  { href: "/ml", label: "ML", forMl: true },
];

/** The sections this user may open: the ML page only for staff and organization admins. */
export function useSections(): readonly Section[] {
  const ml = useMlAccess().data?.allowed === true;
  return ml ? NAV : NAV.filter((section) => !section.forMl);
}
