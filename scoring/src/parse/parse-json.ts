// JSON from a participant's file, with a located error: Node 20's
// JSON.parse messages often give no position, so invalid text is re-read by
// a strict scanner (RFC 8259) that points at the first offending character.
import { InputError } from "./input-error.ts";

/** JSON.parse, or an InputError naming the file, line and column. */
export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const at = jsonSyntaxError(text);
    throw new InputError(`not valid JSON: ${at?.message ?? (error as Error).message}`, file, at?.line, at?.column);
  }
}

export interface JsonSyntaxError {
  message: string;
  line: number;
  column: number;
}

export function jsonSyntaxError(text: string): JsonSyntaxError | null {
  let pos = 0;
  const fail = (what: string): never => {
    throw Object.assign(new Error(what), { at: pos });
  };
  const ws = () => {
    while (pos < text.length && " \t\n\r".includes(text[pos])) pos++;
  };
  const literal = (word: string) => (text.startsWith(word, pos) ? (pos += word.length) : fail(`expected ${word}`));
  const string = () => {
    pos++;
    while (pos < text.length && text[pos] !== '"') {
      if (text[pos] === "\\") {
        pos++;
        if (text[pos] === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(pos + 1, pos + 5))) fail("bad \\u escape");
          pos += 4;
        } else if (!'"\\/bfnrt'.includes(text[pos] ?? "")) fail("bad escape");
      } else if (text.charCodeAt(pos) < 0x20) fail("control character in a string");
      pos++;
    }
    if (pos >= text.length) fail("unterminated string");
    pos++;
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(pos));
    if (!m) fail("unexpected character");
    pos += m![0].length;
  };
  const value = (depth: number): void => {
    if (depth > 512) fail("nested too deeply");
    ws();
    const c = text[pos];
    if (c === "{" || c === "[") {
      const close = c === "{" ? "}" : "]";
      pos++;
      ws();
      if (text[pos] === close) {
        pos++;
        return;
      }
      for (;;) {
        if (c === "{") {
          ws();
          if (text[pos] !== '"') fail("expected a quoted key");
          string();
          ws();
          if (text[pos] !== ":") fail("expected :");
          pos++;
        }
        value(depth + 1);
        ws();
        if (text[pos] === ",") pos++;
        else if (text[pos] === close) {
          pos++;
          return;
        } else fail(`expected , or ${close}`);
      }
    }
    if (c === '"') {
      string();
      return;
    }
    if (c === "t" || c === "f" || c === "n") {
      literal(c === "t" ? "true" : c === "f" ? "false" : "null");
      return;
    }
    if (c === undefined) fail("unexpected end of text");
    number();
  };
  try {
    value(0);
    ws();
    if (pos < text.length) fail("unexpected text after the value");
    return null;
  } catch (error) {
    const at = (error as { at: number }).at;
    const before = text.slice(0, at).split("\n");
    const found = at < text.length ? ` (found ${JSON.stringify(text[at])})` : "";
    return {
      message: `${(error as Error).message}${found}`,
      line: before.length,
      column: before[before.length - 1].length + 1,
    };
  }
}
