import { Marked } from "marked";

// Challenge pages are written by organizers and read by everyone, so the
// Markdown is rendered safely: raw HTML is escaped, not rendered, and a link
// or image whose address has a scheme other than http, https or mailto
// (javascript:, data:, vbscript:, …, also when hidden behind character
// references such as &#106;avascript:) is shown as its text only.
export function safeHref(href: string): boolean {
  const decoded = href
    .replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d+);?/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(
      /&(colon|tab|newline);/gi,
      (_, name: string) => ({ colon: ":", tab: "\t", newline: "\n" })[name.toLowerCase()] ?? "",
    )
    .split("")
    .filter((ch) => ch.charCodeAt(0) > 0x20 && ch.charCodeAt(0) !== 0x7f) // browsers ignore these inside a scheme
    .join("");
  if (/&[a-z]+;/i.test(decoded)) return false;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(decoded);
  return !scheme || ["http", "https", "mailto"].includes(scheme[1].toLowerCase());
}

const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

const marked = new Marked({
  renderer: {
    html({ text }) {
      return escapeHtml(text);
    },
    link(token) {
      return safeHref(token.href) ? false : this.parser.parseInline(token.tokens);
    },
    image(token) {
      return safeHref(token.href) ? false : escapeHtml(token.text);
    },
  },
});

export function renderMarkdown(source: string): string {
  return marked.parse(source, { async: false });
}

export function Markdown({ source }: { source: string }) {
  // biome-ignore lint/security/noDangerouslySetInnerHtml: renderMarkdown escapes raw HTML and drops unsafe links
  return <div className="markdown" dangerouslySetInnerHTML={{ __html: renderMarkdown(source) }} />;
}
