"use client";

import DOMPurify from "dompurify";
import { marked } from "marked";
import { useMemo } from "react";

/** Catalog Markdown as HTML, sanitized: authors' raw HTML and scripts never run. */
export function Markdown({ source }: { source: string }) {
  const html = useMemo(() => DOMPurify.sanitize(marked.parse(source, { async: false })), [source]);
  return <div className="prose-atrium" dangerouslySetInnerHTML={{ __html: html }} />;
}
