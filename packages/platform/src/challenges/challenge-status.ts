// Whether a challenge is open, in one place: the home page, the challenge
// page, the REST API and the admin CLI all say what this says. A challenge is
// open while it accepts submissions and one of its phases (files or black-box
// answers) is open now; past its last deadline it is closed, whatever the
// acceptingSubmissions switch says.

export type ChallengeState = "open" | "upcoming" | "closed" | "paused";

export interface ChallengeStatus {
  state: ChallengeState;
  /** For people: "Open for submissions", "Opens 2027-01-01", "Closed", "Not accepting submissions". */
  label: string;
  /** open: when the open phases close (the latest; null: no deadline); upcoming: when the first opens. */
  until: Date | null;
}

interface Window {
  opensAt: Date;
  closesAt: Date | null;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

export function challengeStatus(
  c: { acceptingSubmissions: boolean; phases: Window[] },
  now = new Date(),
): ChallengeStatus {
  const open = c.phases.filter((p) => p.opensAt <= now && (p.closesAt === null || now < p.closesAt));
  const upcoming = c.phases.filter((p) => p.opensAt > now).sort((a, b) => a.opensAt.getTime() - b.opensAt.getTime());
  if (!c.acceptingSubmissions && (open.length || upcoming.length))
    return { state: "paused", label: "Not accepting submissions", until: null };
  if (open.length) {
    const until = open.some((p) => p.closesAt === null)
      ? null
      : new Date(Math.max(...open.map((p) => p.closesAt!.getTime())));
    return { state: "open", label: until ? `Open for submissions until ${day(until)}` : "Open for submissions", until };
  }
  if (upcoming.length)
    return { state: "upcoming", label: `Opens ${day(upcoming[0].opensAt)}`, until: upcoming[0].opensAt };
  return { state: "closed", label: "Closed", until: null };
}

/** The phase fields challengeStatus reads. */
export const statusPhaseSelect = { opensAt: true, closesAt: true } as const;
