import type { Prisma } from "../db/generated/client.ts";

/** The version of a file that participants see: neither replaced nor deleted. */
export const liveFile = { supersededAt: null, deletedAt: null } satisfies Prisma.DatasetFileWhereInput;
