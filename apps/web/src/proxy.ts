// Micro-cache for the leaderboard, the platform's most read page: a response
// rendered once is served again, to the same visitor (anonymous, or the same
// session) for the page and to the same token for the REST endpoint, of a
// public challenge, for as long as its stamp
// is unchanged (leaderboard-stamp.ts: the challenge, its phases, whether they
// have closed, and when its boards were last materialised). Everything else,
// and every miss, goes through the normal route, which renders with the full
// access checks; the response is then kept if it was a plain 200.
import { createHash, randomBytes } from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import { leaderboardStamp } from "@unblind/platform/leaderboard/leaderboard-stamp.ts";
import { AppError } from "@unblind/platform/errors/app-error.ts";
import { platform } from "./server/platform.ts";
import { leaderboardQuery } from "./server/leaderboard-query.ts";
import { problemFromError } from "./server/problem.ts";
import { rateLimit } from "./server/rate-limit.ts";
import { ResponseCache } from "./server/response-cache.ts";

export const config = { matcher: ["/challenges/:slug/leaderboard", "/api/v1/challenges/:slug/leaderboard"] };

/** Marks the proxy's own request for a rendering (a fresh secret per process). */
const RENDER_HEADER = "x-unblind-render";
const renderSecret = randomBytes(16).toString("hex");
const cache = new ResponseCache({ entries: 256, bytes: 64 * 1024 * 1024 });

/** A bad query parameter of the page: a 400 page that says which, never a 500. */
function badRequestPage(message: string): Response {
  const escaped = message.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bad request · Unblind</title></head><body><h1>Bad request</h1><p role="alert">${escaped}</p><p><a href="/">Unblind</a></p></body></html>`;
  return new Response(html, { status: 400, headers: { "content-type": "text/html; charset=utf-8" } });
}

export async function proxy(req: NextRequest): Promise<Response> {
  const { pathname, search } = req.nextUrl;
  const api = pathname.startsWith("/api/");
  if (!api && req.method === "GET") {
    try {
      leaderboardQuery(req.nextUrl.searchParams);
    } catch (error) {
      return badRequestPage(error instanceof AppError ? error.message : "Bad query parameters.");
    }
  }
  if (req.method !== "GET" || req.headers.get(RENDER_HEADER) === renderSecret || !process.env.DATABASE_URL)
    return NextResponse.next();
  const bearer = req.headers.get("authorization");
  if (api ? bearer === null : bearer !== null) return NextResponse.next();
  // A signed-in page differs only in its header (who is signed in, from the
  // session cookie): one entry per session. What organizers may do on it is
  // asked from the browser (leaderboard.rights).
  const session = req.cookies.getAll().filter((c) => c.name.includes("next-auth.session-token"));
  const slug = decodeURIComponent(pathname.split("/")[api ? 4 : 2]);
  const found = await leaderboardStamp(platform().db, slug, api ? bearer : null).catch(() => null);
  if (found === null) return NextResponse.next();
  const { stamp, userId } = found;
  const viewer = api ? bearer : session.map((c) => `${c.name}=${c.value}`).join(";");
  const key = `${pathname}${search}\u0000${createHash("sha256")
    .update(viewer ?? "")
    .digest("hex")}`;
  const hit = cache.get(key, stamp);
  if (hit) {
    if (userId) {
      // A cached answer counts against the user like any other call (a miss is counted by the route).
      try {
        rateLimit(userId);
      } catch (error) {
        return problemFromError(error, "api/v1", { bearer: true });
      }
    }
    return new Response(hit.body, { headers: { ...hit.headers, "x-unblind-cache": "hit" } });
  }

  const port = process.env.PORT ?? (req.nextUrl.port || "3000");
  let rendered: Response;
  try {
    rendered = await fetch(`http://127.0.0.1:${port}${pathname}${search}`, {
      headers: {
        [RENDER_HEADER]: renderSecret,
        ...(bearer ? { authorization: bearer } : {}),
        ...(session.length ? { cookie: viewer! } : {}),
        accept: req.headers.get("accept") ?? "*/*",
        "accept-encoding": "identity",
      },
      redirect: "manual",
    });
  } catch {
    return NextResponse.next(); // this process cannot reach itself on PORT: render without the cache
  }
  const body = new Uint8Array(await rendered.arrayBuffer());
  const headers = {
    "content-type": rendered.headers.get("content-type") ?? "application/octet-stream",
    "cache-control": "private, no-cache",
  };
  if (rendered.status === 200 && !rendered.headers.has("set-cookie")) cache.set(key, stamp, { body, headers });
  // The body was read decoded: its length and encoding headers no longer apply.
  const passed = new Headers(rendered.headers);
  for (const name of ["content-encoding", "content-length", "transfer-encoding"]) passed.delete(name);
  passed.set("x-unblind-cache", "miss");
  return new Response(body, { status: rendered.status, headers: passed });
}
