// The published JSON Schema of challenge.yaml, generated from the zod schema.
import { z } from "zod";
import { bundleSchema } from "./bundle-schema.ts";

export function bundleJsonSchema(): string {
  const schema = z.toJSONSchema(bundleSchema, { io: "input", target: "draft-2020-12" }) as Record<string, unknown>;
  return `${JSON.stringify(
    {
      $id: "https://unblind.dev/schemas/challenge-bundle.schema.json",
      title: "Unblind challenge bundle (challenge.yaml)",
      ...schema,
    },
    null,
    2,
  )}\n`;
}
