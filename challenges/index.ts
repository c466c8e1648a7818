import { fpgaJetTagging } from "./fpga-jet-tagging/definition.ts";
import { lhco2020 } from "./lhco-2020/definition.ts";
import type { ChallengeDefinition } from "./shared/definition.ts";
import { topTagging } from "./top-tagging/definition.ts";
import { trackml } from "./trackml/definition.ts";

export type { ChallengeDefinition, GeneratedFile, MetricColumn, FileAccessLevel } from "./shared/definition.ts";

/** Every challenge package, in the order the demo lists them. */
export const challengeDefinitions: ChallengeDefinition[] = [topTagging, trackml, lhco2020, fpgaJetTagging];

export function findChallengeDefinition(slug: string): ChallengeDefinition | undefined {
  return challengeDefinitions.find((c) => c.slug === slug);
}
