// Escaping for the HTML and SVG reports: every text they show (SUT names, stderr tails, messages,
// commands) comes from outside and must reach the page as text, never as markup.

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe in element content and in quoted attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** The same escaping serves inline SVG (XML): the five entities are predefined there too. */
export const escapeXml = escapeHtml;
