import { z } from "zod";
import { createApiToken, TOKEN_SCOPES } from "@unblind/platform/tokens/create-api-token.ts";
import { listApiTokens, revokeApiToken } from "@unblind/platform/tokens/revoke-api-token.ts";
import { protectedProcedure, router } from "../trpc.ts";

export const tokenRouter = router({
  list: protectedProcedure.query(({ ctx }) => listApiTokens(ctx.platform, ctx.caller)),
  create: protectedProcedure
    .input(
      z.object({
        name: z.string().trim().min(1).max(100),
        scopes: z.array(z.enum(TOKEN_SCOPES)).min(1),
        challengeSlug: z.string().max(100).optional(),
        expiresInDays: z.int().min(1).max(3650).optional(),
      }),
    )
    .mutation(({ ctx, input }) => createApiToken(ctx.platform, ctx.caller, input)),
  revoke: protectedProcedure
    .input(z.object({ id: z.string().min(1).max(100) }))
    .mutation(({ ctx, input }) => revokeApiToken(ctx.platform, ctx.caller, input.id)),
});
