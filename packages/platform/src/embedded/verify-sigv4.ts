// AWS Signature Version 4 verification for the embedded S3 server. s3rver
// accepts unsigned requests and does not check V4 signatures at all, so
// without this anyone who learns its address from a presigned URL could read
// any object, the truth files included. AWS S3, MinIO and Ceph check
// signatures themselves; this gives the embedded server the same rule.
//
// Both forms are checked: a presigned URL (X-Amz-* query parameters, payload
// UNSIGNED-PAYLOAD, with its expiry) and the Authorization header the SDK
// sends (payload hash from x-amz-content-sha256, as signed; the body itself
// is not hashed again). Reference: "Authenticating Requests (AWS Signature
// Version 4)", Amazon S3 API Reference.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

export interface SignedRequest {
  method: string;
  /** Path and query exactly as received (still percent-encoded). */
  url: string;
  /** Lower-case header names, as Node gives them. */
  headers: Record<string, string | string[] | undefined>;
}

const ALGORITHM = "AWS4-HMAC-SHA256";
const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;

/** null when the request is signed with a known key and still valid; otherwise why not. */
export function sigV4Refusal(
  req: SignedRequest,
  secretOf: (accessKeyId: string) => string | undefined,
  now = Date.now(),
): string | null {
  const q = req.url.indexOf("?");
  const path = q === -1 ? req.url : req.url.slice(0, q);
  const query = parseQuery(q === -1 ? "" : req.url.slice(q + 1));
  const header = (name: string) => {
    const v = req.headers[name];
    return Array.isArray(v) ? v.join(",") : v;
  };
  let credential: string, signedHeaders: string, signature: string, amzDate: string, payloadHash: string;
  const presigned = query.some(([k]) => k === "X-Amz-Algorithm");
  if (presigned) {
    const get = (k: string) => query.find(([key]) => key === k)?.[1];
    if (get("X-Amz-Algorithm") !== ALGORITHM) return "unsupported signing algorithm";
    [credential, signedHeaders, signature, amzDate] = [
      get("X-Amz-Credential") ?? "",
      get("X-Amz-SignedHeaders") ?? "",
      get("X-Amz-Signature") ?? "",
      get("X-Amz-Date") ?? "",
    ];
    const expires = Number(get("X-Amz-Expires"));
    if (!Number.isInteger(expires) || expires < 1 || expires > MAX_PRESIGN_SECONDS) return "invalid X-Amz-Expires";
    if (!(now <= dateOf(amzDate) + expires * 1000)) return "the presigned URL has expired";
    payloadHash = "UNSIGNED-PAYLOAD";
  } else {
    const auth = header("authorization");
    if (!auth?.startsWith(`${ALGORITHM} `)) return "the request is not signed";
    const parts = Object.fromEntries(
      auth
        .slice(ALGORITHM.length + 1)
        .split(",")
        .map((p) => p.trim().split("=") as [string, string]),
    );
    [credential, signedHeaders, signature] = [parts.Credential ?? "", parts.SignedHeaders ?? "", parts.Signature ?? ""];
    amzDate = header("x-amz-date") ?? "";
    payloadHash = header("x-amz-content-sha256") ?? "";
    if (!payloadHash) return "missing x-amz-content-sha256";
    if (!(Math.abs(now - dateOf(amzDate)) <= 15 * 60_000)) return "the request time is too far from now";
  }
  if (Number.isNaN(dateOf(amzDate))) return "invalid X-Amz-Date";
  const [accessKeyId, day, region, service, terminator] = credential.split("/");
  const secret = accessKeyId ? secretOf(accessKeyId) : undefined;
  if (!secret || !day || !region || service !== "s3" || terminator !== "aws4_request" || !amzDate.startsWith(day))
    return "invalid credential";
  const names = signedHeaders.split(";");
  if (!names.includes("host")) return "the host header must be signed";
  const canonicalHeaders = names.map((n) => `${n}:${(header(n) ?? "").trim().replace(/\s+/g, " ")}\n`).join("");
  const canonicalQuery = query
    .filter(([k]) => k !== "X-Amz-Signature")
    .map(([k, v]) => [encode(k), encode(v)])
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const canonicalRequest = [req.method, path || "/", canonicalQuery, canonicalHeaders, signedHeaders, payloadHash].join(
    "\n",
  );
  const scope = `${day}/${region}/s3/aws4_request`;
  const stringToSign = [ALGORITHM, amzDate, scope, sha256Hex(canonicalRequest)].join("\n");
  let key = hmac(`AWS4${secret}`, day);
  for (const part of [region, "s3", "aws4_request"]) key = hmac(key, part);
  const expected = createHmac("sha256", key).update(stringToSign).digest();
  const given = Buffer.from(signature, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected) ? null : "the signature does not match";
}

function parseQuery(raw: string): [string, string][] {
  if (!raw) return [];
  return raw.split("&").map((pair) => {
    const eq = pair.indexOf("=");
    const [k, v] = eq === -1 ? [pair, ""] : [pair.slice(0, eq), pair.slice(eq + 1)];
    return [safeDecode(k), safeDecode(v)];
  });
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** RFC 3986 encoding, as SigV4 wants it. */
const encode = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const sha256Hex = (s: string) => createHash("sha256").update(s).digest("hex");
const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest();

/** 20261123T104500Z → epoch ms (NaN when malformed, which fails every check). */
function dateOf(amzDate: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : NaN;
}
