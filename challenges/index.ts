import { fpgaJetTagging } from "./fpga-jet-tagging/definition.ts";
import { lhco2020 } from "./lhco-2020/definition.ts";
import type { ChallengeDefinition } from "./shared/definition.ts";
import { topTagging } from "./top-tagging/definition.ts";
import { trackml } from "./trackml/definition.ts";

export type { ChallengeDefinition, GeneratedFile, MetricColumn, FileAccessLevel } from "./shared/definition.ts";

/** Every challenge package, in the order the demo lists them. */
export const challengeDefinitions: ChallengeDefinition[] = [topTagging, trackml, lhco2020, fpgaJetTagging];

/** The demo-data generators a bundle may name (`generator:`): the built-in packages'. */
export const BUILT_IN_GENERATORS = challengeDefinitions.map((d) => d.slug);

export function findChallengeDefinition(slug: string): ChallengeDefinition | undefined {
  return challengeDefinitions.find((c) => c.slug === slug);
}
