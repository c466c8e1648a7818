// Cross-site request forgery: a browser sends the session cookie with any
// request to this site, also from a page on another port of the same host or
// on a sibling subdomain ("same-site", which SameSite=Lax does not stop). A
// state-changing request that rides on the cookie must come from a page of
// this origin.
import { AppError } from "@unblind/platform/errors/app-error.ts";

/** The origins a page of this site can have: the Host the browser used, and the configured public URL. */
function ownOrigins(req: Request): Set<string> {
  const origins = new Set<string>();
  const proto = req.headers.get("x-forwarded-proto") ?? new URL(req.url).protocol.replace(":", "");
  for (const host of [req.headers.get("x-forwarded-host"), req.headers.get("host")])
    if (host) origins.add(`${proto}://${host}`);
  for (const url of [process.env.AUTH_URL, process.env.NEXTAUTH_URL]) if (url) origins.add(new URL(url).origin);
  return origins;
}

/**
 * Refuses (403) a cookie-authenticated state change from any other origin.
 * Browsers say where a request comes from in `Sec-Fetch-Site` (all current
 * ones) and `Origin` (every POST); either must name this origin. A request
 * with neither is not a browser's, and so no forgery: a script holding a
 * cookie could send anything anyway.
 */
export function requireSameOrigin(req: Request): void {
  const site = req.headers.get("sec-fetch-site");
  const origin = req.headers.get("origin");
  if (site !== null && site !== "same-origin" && site !== "none") throw crossSite(site);
  if (origin !== null && !ownOrigins(req).has(origin)) throw crossSite(origin);
}

function crossSite(from: string): AppError {
  return new AppError(
    "FORBIDDEN",
    `Refused a request from another site (${from.slice(0, 100)}): use this site's own pages, or the REST API with a token.`,
  );
}
