// Writes challenges/built-in-bundles.ts: the text of each demo challenge's
// bundle (challenge.yaml and its pages), so that the web app's bundle and the
// Docker images carry them without reading challenges/ at run time. The
// folders stay the source: `npm run -s embed-bundles` after editing them; a
// test fails when the embedded text differs from the files.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { BUILT_IN_SLUGS, embeddedBundleText } from "../challenges/shared/bundle/embed-bundle.ts";

const root = path.join(import.meta.dirname, "../challenges");
const out = path.join(root, "built-in-bundles.ts");
writeFileSync(out, embeddedBundleText(root, BUILT_IN_SLUGS));
console.log(out);
