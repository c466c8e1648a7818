import { Marked } from "marked";

// Raw HTML in challenge descriptions is escaped, not rendered: descriptions
// are written by organizers and read by everyone.
const marked = new Marked({
  renderer: {
    html({ text }) {
      return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    },
  },
});

export function Markdown({ source }: { source: string }) {
  // biome-ignore lint/security/noDangerouslySetInnerHtml: the renderer above escapes raw HTML in the source
  return <div className="markdown" dangerouslySetInnerHTML={{ __html: marked.parse(source, { async: false }) }} />;
}
