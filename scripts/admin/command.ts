// One admin command: the options it takes (a zod object of the parsed
// command-line values), how they are written in the usage text, and the use
// case it calls. The CLI is a table of these (commands.ts).
import { z } from "zod";
import type { Platform } from "@unblind/platform/platform.ts";

/** The operator, for use cases that need a caller: a site admin whose audit events read "admin-cli". */
export const OPERATOR = { userId: "admin-cli", siteRole: "ADMIN" as const };

export interface Output {
  json: unknown;
  text: string;
}

export interface AdminCommand<S extends z.ZodType = z.ZodType> {
  /** The options as the usage text shows them. */
  args: string;
  /** Said after the options in the usage text. */
  note?: string;
  options: S;
  run(platform: Platform, options: z.infer<S>): Promise<Output>;
}

export function command<S extends z.ZodType>(c: AdminCommand<S>): AdminCommand<S> {
  return c;
}

/** A command-line option that must be given. */
export const required = (name: string) => z.string({ error: `missing --${name}` }).min(1, `missing --${name}`);

/** One of the given words, mapped to its value (`--to admin` → "ADMIN"). */
export const oneOf = <T extends string>(name: string, words: Record<string, T>) =>
  z
    .string({ error: `missing --${name}` })
    .refine((w) => w in words, `--${name} must be ${Object.keys(words).join(", ")}`)
    .transform((w) => words[w]);

/** A whole number ≥ 0. */
export const wholeNumber = (name: string) =>
  z
    .string()
    .regex(/^\d+$/, `--${name} must be a whole number`)
    .transform((v) => Number(v));

/** A positive number. */
export const positiveNumber = (name: string) =>
  z
    .string()
    .refine((v) => Number(v) > 0, `--${name} must be a positive number`)
    .transform((v) => Number(v));

/** A date such as 2027-06-30 or 2027-06-30T12:00:00Z. */
export const date = (name: string) =>
  z
    .string()
    .refine(
      (v) => !Number.isNaN(new Date(v).getTime()),
      `--${name} must be a date such as 2027-06-30 or 2027-06-30T12:00:00Z`,
    )
    .transform((v) => new Date(v));

/** JSON text. */
export const json = (name: string, example: string) =>
  z.string({ error: `missing --${name}` }).transform((v, ctx) => {
    try {
      return JSON.parse(v) as unknown;
    } catch (error) {
      ctx.addIssue({
        code: "custom",
        message: `--${name} is not valid JSON (${(error as Error).message}); e.g. ${example}`,
      });
      return z.NEVER;
    }
  });
