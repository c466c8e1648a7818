// Phases, leaderboards, black boxes and the audit trail.
import { z } from "zod";
import { listAuditEvents } from "@unblind/platform/audit/list-audit-events.ts";
import { getBox } from "@unblind/platform/black-boxes/get-box.ts";
import { openBox } from "@unblind/platform/black-boxes/open-box.ts";
import { setPhaseDeadline } from "@unblind/platform/challenges/set-phase-deadline.ts";
import { refreshChallengeBoards } from "@unblind/platform/leaderboard/refresh-challenge-boards.ts";
import { revealPrivateLeaderboard } from "@unblind/platform/leaderboard/reveal-private-leaderboard.ts";
import { command, OPERATOR, required, wholeNumber } from "./command.ts";

export const phaseCommands = {
  "audit list": command({
    args: "[--slug <s>] [--actor <email>] [--limit <n>]",
    options: z.object({
      slug: z.string().optional(),
      actor: z.string().optional(),
      limit: wholeNumber("limit").default(100),
    }),
    async run(platform, o) {
      const events = await listAuditEvents(platform, OPERATOR, {
        challengeSlug: o.slug,
        actor: o.actor,
        limit: o.limit,
      });
      return {
        json: events,
        text: events
          .map(
            (e) =>
              `${e.at.toISOString()} ${(e.actor ?? "-").padEnd(28)} ${e.action.padEnd(24)} ${e.subjectType} ${e.subjectId}`,
          )
          .join("\n"),
      };
    },
  }),
  "box show": command({
    args: "--slug <s> --box <name>",
    options: z.object({ slug: required("slug"), box: required("box") }),
    async run(platform, o) {
      const { mine: _mine, ...shown } = await getBox(platform, OPERATOR, { challengeSlug: o.slug, box: o.box });
      const state = shown.box.openedAt
        ? `opened ${shown.box.openedAt.toISOString()} by ${shown.box.openedBy}`
        : `sealed, ${shown.sealedAnswers} answer(s) locked in`;
      return { json: shown, text: `${shown.box.name}: ${state}` };
    },
  }),
  "box open": command({
    args: "--slug <s> --box <name> --confirm <name>",
    note: "cannot be undone; audited as admin-cli",
    options: z.object({ slug: required("slug"), box: required("box"), confirm: required("confirm") }),
    async run(platform, o) {
      const opened = await openBox(platform, OPERATOR, { challengeSlug: o.slug, box: o.box, confirm: o.confirm });
      return {
        json: opened,
        text: `${opened.box} opened at ${opened.openedAt.toISOString()}: ${opened.answers} answer(s) judged, ${opened.queued} anomaly-score file(s) queued`,
      };
    },
  }),
  "phase deadline": command({
    args: "--slug <s> --phase <name> --to <date|now|none>",
    note: "audited as admin-cli",
    options: z.object({
      slug: required("slug"),
      phase: required("phase"),
      to: required("to")
        .transform((to) => (to === "none" ? null : to === "now" ? new Date() : new Date(to)))
        .refine(
          (d) => d === null || !Number.isNaN(d.getTime()),
          "--to must be a date such as 2027-06-30T12:00:00Z, now or none",
        ),
    }),
    async run(platform, o) {
      const change = await setPhaseDeadline(platform, OPERATOR, { slug: o.slug, phase: o.phase, closesAt: o.to });
      return {
        json: change,
        text: `${o.slug} / ${change.phase}: deadline ${change.after ?? "none"} (was ${change.before ?? "none"})`,
      };
    },
  }),
  "leaderboard reveal": command({
    args: "--slug <s> --phase <name> --confirm <name>",
    note: "after the close; cannot be undone; audited as admin-cli",
    options: z
      .object({ slug: required("slug"), phase: required("phase"), confirm: required("confirm") })
      .refine((o) => o.confirm === o.phase, "--confirm must repeat the phase's name"),
    async run(platform, o) {
      const revealed = await revealPrivateLeaderboard(platform, OPERATOR, { slug: o.slug, phase: o.phase });
      return {
        json: revealed,
        text: `${o.slug} / ${revealed.phase}: private leaderboard revealed at ${revealed.revealedAt} (${revealed.entries} entries, SHA-256 ${revealed.sha256})`,
      };
    },
  }),
  "leaderboard refresh": command({
    args: "--slug <s>",
    note: "re-materialise every phase's board now",
    options: z.object({ slug: required("slug") }),
    async run(platform, o) {
      const result = await refreshChallengeBoards(platform, OPERATOR, o.slug);
      return { json: result, text: `refreshed ${result.refreshed.join(", ")}` };
    },
  }),
};
