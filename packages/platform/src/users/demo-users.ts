/** Seeded demo accounts, usable with the development sign-in. */
export const DEMO_USERS = [
  { email: "organizer@unblind.dev", name: "Olivia Organizer", role: "organizer" },
  { email: "alice@unblind.dev", name: "Alice Participant", role: "participant" },
  { email: "bob@unblind.dev", name: "Bob Participant", role: "participant" },
  { email: "admin@unblind.dev", name: "Ada Admin", role: "site admin" },
] as const;
