import { z } from "zod";
import { getBox } from "@unblind/platform/black-boxes/get-box.ts";
import { openBox } from "@unblind/platform/black-boxes/open-box.ts";
import { protectedProcedure, publicProcedure, router } from "../trpc.ts";

const box = z.object({ slug: z.string().min(1).max(100), box: z.string().min(1).max(200) });

// Answers arrive through /api/challenges/{slug}/boxes/{box}/answers (they may carry a file).
export const boxRouter = router({
  get: publicProcedure
    .input(box)
    .query(({ ctx, input }) => getBox(ctx.platform, ctx.caller, { challengeSlug: input.slug, box: input.box })),
  open: protectedProcedure
    .input(box.extend({ confirm: z.string().max(200) }))
    .mutation(({ ctx, input }) =>
      openBox(ctx.platform, ctx.caller, { challengeSlug: input.slug, box: input.box, confirm: input.confirm }),
    ),
});
