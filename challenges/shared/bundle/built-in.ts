// A demo challenge of this repository: its bundle (challenge.yaml and pages in
// its folder) is the definition; the generator is the only code, writing the
// files the bundle declares.
import type { ChallengeDefinition } from "../definition.ts";
import { readBundle } from "./read-bundle.ts";

export function builtInChallenge(
  dir: string,
  generateDemoData: NonNullable<ChallengeDefinition["generateDemoData"]>,
): ChallengeDefinition {
  return { ...readBundle(dir).definition, generateDemoData };
}
