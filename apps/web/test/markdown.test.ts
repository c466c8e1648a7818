// Organizers' Markdown is rendered for everyone: no raw HTML, no script links.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { renderMarkdown } from "../src/components/markdown.tsx";

describe("challenge page Markdown", () => {
  it("escapes raw HTML", () => {
    assert.equal(renderMarkdown("<script>alert(1)</script>").trim(), "&lt;script&gt;alert(1)&lt;/script&gt;");
    assert.doesNotMatch(renderMarkdown('hi <img src=x onerror="alert(1)">'), /<img/);
  });
  it("keeps http, https, mailto and relative links; shows any other scheme as text", () => {
    assert.match(renderMarkdown("[CERN](https://home.cern)"), /<a href="https:\/\/home\.cern">CERN<\/a>/);
    assert.match(renderMarkdown("[data](#loading-the-data)"), /<a href="#loading-the-data">/);
    assert.match(renderMarkdown("[mail](mailto:org@cern.ch)"), /<a href="mailto:org@cern\.ch">/);
    for (const evil of [
      "[x](javascript:alert(1))",
      "[x](JaVaScRiPt:alert(1))",
      "[x](&#106;avascript:alert(1))",
      "[x](&#x6A;avascript:alert(1))",
      "[x](javascript&colon;alert(1))",
      "[x](<javascript:alert(1)>)",
      "[x]: javascript:alert(1)\n\n[x]",
      "![x](data:image/svg+xml;base64,PHN2Zz4=)",
      "[x](vbscript:msgbox(1))",
    ]) {
      const html = renderMarkdown(evil);
      assert.doesNotMatch(html, /<a |<img /, evil);
      assert.match(html, /x/, evil);
    }
  });
});
