import Link from "next/link";
import type { ComponentProps } from "react";

/**
 * A link to another page of the dashboard, never prefetched. Every page renders per request
 * (the layout reads the CSP nonce) and none has a loading boundary, so a prefetch brings back
 * nothing a navigation could reuse, while a page's dozen links would each send one through
 * the gateway just as the page asks for its own data.
 */
export function PageLink(props: ComponentProps<typeof Link>) {
  return <Link prefetch={false} {...props} />;
}
