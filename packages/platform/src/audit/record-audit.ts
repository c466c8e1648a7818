import type { Prisma } from "../db/generated/client.ts";

/** Writes one audit event inside the caller's transaction (append-only table). */
export async function recordAudit(
  tx: Prisma.TransactionClient,
  event: {
    actorId: string | null;
    action: string;
    challengeId?: string | null;
    subjectType: string;
    subjectId: string;
    data?: Prisma.InputJsonValue;
  },
): Promise<void> {
  await tx.auditEvent.create({
    data: {
      actorId: event.actorId,
      action: event.action,
      challengeId: event.challengeId ?? null,
      subjectType: event.subjectType,
      subjectId: event.subjectId,
      data: event.data ?? {},
    },
  });
}
