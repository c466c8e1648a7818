import { platform } from "~/server/platform.ts";

export const dynamic = "force-dynamic";

/** Liveness and readiness: answers 200 only when the database answers. */
export async function GET() {
  try {
    await platform().db.$queryRaw`SELECT 1`;
    return Response.json({ status: "ok" });
  } catch {
    return Response.json({ status: "database unavailable" }, { status: 503 });
  }
}
