// Writes docs/challenge-bundle.schema.json from the zod schema of
// challenge.yaml (challenges/shared/bundle/bundle-schema.ts), so that editors
// validate a bundle as the platform does. `npm run -s bundle-schema`; a test
// fails when the committed file is out of date.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { bundleJsonSchema } from "../challenges/shared/bundle/bundle-json-schema.ts";

const out = path.join(import.meta.dirname, "../docs/challenge-bundle.schema.json");
writeFileSync(out, bundleJsonSchema());
console.log(out);
