/** See prisma-cli.mjs. */
export function runPrismaCli(args: string[], env?: NodeJS.ProcessEnv): Promise<void>;
