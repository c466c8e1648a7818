// Micro-cache for the leaderboard, the platform's most read page: a response
// rendered once is served again, to the same visitor (anonymous, or the same
// session) for the page and to the same token for the REST endpoint, of a
// public challenge, for as long as its stamp
// is unchanged (leaderboard-stamp.ts: the challenge, its phases, whether they
// have closed, and when its boards were last materialised). Everything else,
// and every miss, goes through the normal route, which renders with the full
// access checks; the response is then kept if it was a plain 200.
import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import { NextResponse, type NextRequest } from "next/server";
import { leaderboardStamp } from "@unblind/platform/leaderboard/leaderboard-stamp.ts";
import { AppError } from "@unblind/platform/errors/app-error.ts";
import { escapeHtml } from "./components/escape-html.ts";
import { platform } from "./server/platform.ts";
import { leaderboardQuery } from "./server/leaderboard-query.ts";
import { problemFromError } from "./server/problem.ts";
import { rateLimit } from "./server/rate-limit.ts";
import { type CachedResponse, ResponseCache } from "./server/response-cache.ts";

export const config = { matcher: ["/challenges/:slug/leaderboard", "/api/v1/challenges/:slug/leaderboard"] };

/** Marks the proxy's own request for a rendering (a fresh secret per process). */
const RENDER_HEADER = "x-unblind-render";
const renderSecret = randomBytes(16).toString("hex");
const cache = new ResponseCache({ entries: 256, bytes: 64 * 1024 * 1024 });
/** Renderings under way, by key and stamp. */
const inflight = new Map<string, Promise<Rendered | null>>();

/** A bad query parameter of the page: a 400 page that says which, never a 500. */
function badRequestPage(message: string): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bad request · Unblind</title></head><body><h1>Bad request</h1><p role="alert">${escapeHtml(message)}</p><p><a href="/">Unblind</a></p></body></html>`;
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
  // A kept or shared answer counts against the user like any other call (a rendering is counted by the route).
  const serve = (answer: CachedResponse, source: "hit" | "shared"): Response => {
    if (userId) {
      try {
        rateLimit(userId);
      } catch (error) {
        return problemFromError(error, "api/v1", { bearer: true });
      }
    }
    return new Response(answer.body, { headers: { ...answer.headers, "x-unblind-cache": source } });
  };
  const hit = cache.get(key, stamp);
  if (hit) return serve(hit, "hit");

  // Concurrent misses of one key and stamp wait for one rendering (when the board changes, every reader
  // misses at once): the first renders, the others are served its answer.
  const flight = `${key}\u0000${stamp}`;
  const shared = inflight.get(flight);
  if (shared) {
    const answer = await shared;
    return answer?.cacheable ? serve({ body: answer.body, headers: answer.cached }, "shared") : NextResponse.next();
  }
  const rendering = render(req, pathname + search, bearer, session.length ? viewer! : null);
  inflight.set(flight, rendering);
  let answer: Rendered | null;
  try {
    answer = await rendering;
  } finally {
    inflight.delete(flight);
  }
  if (!answer) return NextResponse.next(); // this process cannot reach itself on PORT: render without the cache
  if (answer.cacheable) cache.set(key, stamp, { body: answer.body, headers: answer.cached });
  return new Response(answer.body, { status: answer.status, headers: answer.passed });
}

interface Rendered {
  status: number;
  body: Uint8Array<ArrayBuffer>;
  /** The headers kept with a cached copy. */
  cached: Record<string, string>;
  /** The rendering's own headers, for the request that asked for it. */
  passed: Headers;
  /** A plain 200 without cookies: kept, and shared with concurrent requests of the same viewer. */
  cacheable: boolean;
}

/** The route's own rendering of the page or endpoint, with the full access checks; null if unreachable. */
async function render(
  req: NextRequest,
  path: string,
  bearer: string | null,
  cookie: string | null,
): Promise<Rendered | null> {
  const port = Number(process.env.PORT ?? (req.nextUrl.port || 3000));
  let rendered: { status: number; headers: Headers; body: Uint8Array<ArrayBuffer> };
  try {
    rendered = await selfRequest(port, path, {
      [RENDER_HEADER]: renderSecret,
      ...(bearer ? { authorization: bearer } : {}),
      ...(cookie ? { cookie } : {}),
      accept: req.headers.get("accept") ?? "*/*",
      "accept-encoding": "identity",
    });
  } catch {
    return null;
  }
  const { status, headers, body } = rendered;
  const cached = {
    "content-type": headers.get("content-type") ?? "application/octet-stream",
    "cache-control": "private, no-cache",
  };
  const cacheable = status === 200 && !headers.has("set-cookie");
  // The body was read whole: its length, encoding and connection headers no longer apply.
  for (const name of ["content-encoding", "content-length", "transfer-encoding", "connection", "keep-alive"])
    headers.delete(name);
  headers.set("x-unblind-cache", "miss");
  return { status, body, cached, passed: headers, cacheable };
}

/**
 * The renderings' connections to this same server. They are kept for the next
 * rendering, but closed after two idle seconds: the server's own keep-alive
 * (65 s, for proxies in front) would otherwise keep them open, and a stopping
 * server waits for its open connections (a SIGTERM took a minute to end the
 * process after a burst of misses).
 */
const selfAgent = new http.Agent({ keepAlive: true, timeout: 2_000 });

function selfRequest(port: number, path: string, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: Headers; body: Uint8Array<ArrayBuffer> }>((resolve, reject) => {
    const request = http.get({ host: "127.0.0.1", port, path, headers, agent: selfAgent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", reject);
      res.on("end", () => {
        const out = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          if (Array.isArray(value)) for (const v of value) out.append(name, v);
          else if (value !== undefined) out.set(name, value);
        }
        // A copy of its own: a Buffer may share a pooled ArrayBuffer.
        resolve({ status: res.statusCode ?? 502, headers: out, body: new Uint8Array(Buffer.concat(chunks)) });
      });
    });
    request.on("error", reject);
  });
}
