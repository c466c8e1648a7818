#!/usr/bin/env node
// Runs the TypeScript sources through tsx (from the repository); a published
// package would ship the bundled JavaScript instead.
import { tsImport } from "tsx/esm/api";

await tsImport("../src/main.ts", import.meta.url);
