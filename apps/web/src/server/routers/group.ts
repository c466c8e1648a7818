import { z } from "zod";
import { getGroup, listGroups } from "@unblind/platform/groups/group-directory.ts";
import { decideJoinRequest, joinGroup, leaveGroup, listJoinRequests } from "@unblind/platform/groups/join-group.ts";
import { addGroupMember, createGroup, removeGroupMember } from "@unblind/platform/groups/manage-groups.ts";
import { protectedProcedure, publicProcedure, router } from "../trpc.ts";

const name = z.string().trim().min(3).max(100);
const member = z.union([z.object({ email: z.email() }), z.object({ group: name })]);

export const groupRouter = router({
  list: publicProcedure.query(({ ctx }) => listGroups(ctx.platform, ctx.caller)),
  get: publicProcedure
    .input(z.object({ name }))
    .query(({ ctx, input }) => getGroup(ctx.platform, ctx.caller, input.name)),
  create: protectedProcedure
    .input(
      z.object({
        name,
        description: z.string().max(500).optional(),
        joinPolicy: z.enum(["CLOSED", "OPEN", "OPEN_WITH_ADMIN_APPROVAL"]).optional(),
        privacy: z.enum(["ADMINS", "MEMBERS", "USERS", "PUBLIC"]).optional(),
        expiresAt: z.coerce.date().optional(),
      }),
    )
    .mutation(({ ctx, input }) => createGroup(ctx.platform, ctx.caller, input)),
  join: protectedProcedure
    .input(z.object({ name }))
    .mutation(({ ctx, input }) => joinGroup(ctx.platform, ctx.caller, input.name)),
  leave: protectedProcedure
    .input(z.object({ name }))
    .mutation(({ ctx, input }) => leaveGroup(ctx.platform, ctx.caller, input.name)),
  addMember: protectedProcedure
    .input(z.object({ name, member, validUntil: z.coerce.date().optional() }))
    .mutation(({ ctx, input }) =>
      addGroupMember(ctx.platform, ctx.caller, {
        group: input.name,
        member: input.member,
        validUntil: input.validUntil,
      }),
    ),
  removeMember: protectedProcedure
    .input(z.object({ name, member }))
    .mutation(({ ctx, input }) =>
      removeGroupMember(ctx.platform, ctx.caller, { group: input.name, member: input.member }),
    ),
  requests: protectedProcedure.query(({ ctx }) => listJoinRequests(ctx.platform, ctx.caller)),
  decide: protectedProcedure
    .input(z.object({ requestId: z.string().min(1).max(100), approve: z.boolean() }))
    .mutation(({ ctx, input }) => decideJoinRequest(ctx.platform, ctx.caller, input)),
});
