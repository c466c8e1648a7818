// A small XML reader for synthesis reports: elements, attributes, text, the
// five predefined entities, numeric character references, comments, CDATA
// and processing instructions. DOCTYPE declarations are refused (no entity
// expansion, so no "billion laughs"). Errors say line and column.
import { InputError } from "../parse/input-error.ts";

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
const MAX_DEPTH = 64;

export function parseXml(source: string, file: string): XmlElement {
  let pos = 0;
  const fail = (message: string, at = pos): never => {
    const before = source.slice(0, at).split("\n");
    throw new InputError(message, file, before.length, before[before.length - 1].length + 1);
  };
  const skipMisc = () => {
    for (;;) {
      while (pos < source.length && /\s/.test(source[pos])) pos++;
      if (source.startsWith("<?", pos)) pos = end("?>", "processing instruction");
      else if (source.startsWith("<!--", pos)) pos = end("-->", "comment");
      else if (source.startsWith("<!DOCTYPE", pos) || source.startsWith("<!ENTITY", pos))
        fail("DOCTYPE and ENTITY declarations are not accepted");
      else return;
    }
  };
  const end = (marker: string, what: string): number => {
    const i = source.indexOf(marker, pos);
    if (i < 0) fail(`unterminated ${what}`);
    return i + marker.length;
  };
  const decode = (raw: string, at: number): string =>
    raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);|&/g, (m, name: string | undefined, offset: number) => {
      if (!name) return fail("a bare & (write &amp;)", at + offset);
      if (name[0] === "#") {
        const code = name[1] === "x" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        if (!(code > 0 && code <= 0x10ffff)) fail(`invalid character reference ${m}`, at + offset);
        return String.fromCodePoint(code);
      }
      return ENTITIES[name] ?? fail(`unknown entity ${m}`, at + offset);
    });
  const name = (): string => {
    const m = /^[A-Za-z_:][-A-Za-z0-9_:.]*/.exec(source.slice(pos, pos + 256));
    if (!m) fail("expected a name");
    pos += m![0].length;
    return m![0];
  };
  const element = (depth: number): XmlElement => {
    if (depth > MAX_DEPTH) fail(`elements nested deeper than ${MAX_DEPTH}`);
    if (source[pos] !== "<") fail("expected an element");
    pos++;
    const el: XmlElement = { name: name(), attributes: {}, children: [], text: "" };
    for (;;) {
      while (/\s/.test(source[pos] ?? "")) pos++;
      if (source.startsWith("/>", pos)) {
        pos += 2;
        return el;
      }
      if (source[pos] === ">") {
        pos++;
        break;
      }
      if (pos >= source.length) fail(`unterminated start tag <${el.name}>`);
      const attr = name();
      while (/\s/.test(source[pos] ?? "")) pos++;
      if (source[pos] !== "=") fail(`expected = after attribute ${attr}`);
      pos++;
      while (/\s/.test(source[pos] ?? "")) pos++;
      const quote = source[pos];
      if (quote !== '"' && quote !== "'") fail(`attribute ${attr} needs a quoted value`);
      const close = source.indexOf(quote, pos + 1);
      if (close < 0) fail(`unterminated value of attribute ${attr}`);
      el.attributes[attr] = decode(source.slice(pos + 1, close), pos + 1);
      pos = close + 1;
    }
    for (;;) {
      const lt = source.indexOf("<", pos);
      if (lt < 0) fail(`<${el.name}> is never closed`);
      el.text += decode(source.slice(pos, lt), pos);
      pos = lt;
      if (source.startsWith("</", pos)) {
        pos += 2;
        const closing = name();
        if (closing !== el.name) fail(`</${closing}> closes <${el.name}>`);
        while (/\s/.test(source[pos] ?? "")) pos++;
        if (source[pos] !== ">") fail(`expected > after </${closing}`);
        pos++;
        el.text = el.text.trim();
        return el;
      }
      if (source.startsWith("<!--", pos)) pos = end("-->", "comment");
      else if (source.startsWith("<![CDATA[", pos)) {
        const close = end("]]>", "CDATA section");
        el.text += source.slice(pos + 9, close - 3);
        pos = close;
      } else if (source.startsWith("<?", pos)) pos = end("?>", "processing instruction");
      else if (source.startsWith("<!", pos)) fail("declarations are not accepted inside elements");
      else el.children.push(element(depth + 1));
    }
  };
  skipMisc();
  if (pos >= source.length) fail("the file is empty: no root element");
  const root = element(0);
  skipMisc();
  if (pos < source.length) fail("content after the root element");
  return root;
}

/** The first descendant along a path of element names ("AreaEstimates/Resources/LUT"). */
export function find(el: XmlElement, path: string): XmlElement | undefined {
  let at: XmlElement | undefined = el;
  for (const part of path.split("/")) at = at?.children.find((c) => c.name === part);
  return at;
}
