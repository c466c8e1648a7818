// A demo challenge of this repository: its bundle (challenge.yaml and pages in
// its folder, embedded as text in built-in-bundles.ts) is the definition; the
// generator is the only code, writing the files the bundle declares.
import { BUILT_IN_BUNDLES } from "../../built-in-bundles.ts";
import type { ChallengeDefinition } from "../definition.ts";
import { textSource } from "./embed-bundle.ts";
import { readBundleFrom } from "./read-bundle.ts";

export function builtInChallenge(
  slug: string,
  generateDemoData: NonNullable<ChallengeDefinition["generateDemoData"]>,
): ChallengeDefinition {
  const texts = BUILT_IN_BUNDLES[slug];
  if (!texts) throw new Error(`no embedded bundle "${slug}": run npm run -s embed-bundles`);
  return { ...readBundleFrom(textSource(texts)).definition, generateDemoData };
}
