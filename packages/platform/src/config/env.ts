// Platform configuration, validated once per process with zod. Every process
// (launcher, web, scorer, admin CLI) calls loadEnv() at start-up; a bad or
// missing value stops it with one message naming the variable.
import { z } from "zod";

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const booleanFlag = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => (v === undefined || v === "" ? undefined : v === "true" || v === "1"));

export const envSchema = z
  .object({
    DATABASE_URL: optionalString.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL")
        .optional(),
    ),
    S3_ENDPOINT: optionalString.pipe(z.url("must be a URL such as http://127.0.0.1:9000").optional()),
    /** Endpoint used in presigned URLs handed to browsers, when it differs from S3_ENDPOINT. */
    S3_PUBLIC_ENDPOINT: optionalString.pipe(z.url().optional()),
    S3_REGION: optionalString.transform((v) => v ?? "us-east-1"),
    S3_BUCKET: optionalString.transform((v) => v ?? "unblind"),
    S3_ACCESS_KEY_ID: optionalString,
    S3_SECRET_ACCESS_KEY: optionalString,
    PORT: optionalString
      .transform((v) => (v === undefined ? "3000" : v))
      .pipe(z.coerce.number<string>().int().min(1).max(65535)),
    /**
     * The address the web server listens on. Loopback by default: the demo's
     * passwordless sign-in must not be reachable from other machines. Set it
     * (e.g. 0.0.0.0) to expose the platform.
     */
    HOST: optionalString.transform((v) => v ?? "127.0.0.1"),
    /** Relative to the working directory; resolved by the processes that use it. */
    DATA_DIR: optionalString.transform((v) => v ?? ".data"),
    AUTH_SECRET: optionalString.pipe(z.string().min(16, "must be at least 16 characters").optional()),
    AUTH_URL: optionalString.pipe(z.url().optional()),
    AUTH_DEV_LOGIN: booleanFlag,
    OIDC_ISSUER: optionalString.pipe(z.url().optional()),
    OIDC_CLIENT_ID: optionalString,
    OIDC_CLIENT_SECRET: optionalString,
    OIDC_NAME: optionalString.transform((v) => v ?? "CERN SSO"),
    /**
     * Lets a first SSO sign-in join an existing account with the same email,
     * when the ID token says `email_verified: true`. Off: identities link only
     * by (issuer, subject), and a clashing email is refused.
     */
    OIDC_LINK_VERIFIED_EMAIL: booleanFlag,
    /** The ID-token claim holding the user's roles or groups, mirrored into SSO groups at each sign-in. */
    OIDC_ROLES_CLAIM: optionalString.transform((v) => v ?? "cern_roles"),
    /** Comma-separated ID-token claims kept as user attributes, for dynamic groups (e.g. "affiliation"). */
    OIDC_ATTRIBUTE_CLAIMS: optionalString.transform((v) =>
      (v ?? "affiliation,home_institute")
        .split(",")
        .map((c) => c.trim())
        .filter(Boolean),
    ),
    API_RATE_PER_MINUTE: optionalString
      .transform((v) => v ?? "120")
      .pipe(z.coerce.number<string>().int().min(1).max(1_000_000_000)),
    /** The group whose members may create challenges from bundles (besides site admins). */
    CHALLENGE_CREATORS_GROUP: optionalString.transform((v) => v ?? "challenge-creators"),
    /** Set by the launcher when it started embedded PostgreSQL and S3 (demo mode). */
    UNBLIND_EMBEDDED: booleanFlag,
  })
  .superRefine((env, ctx) => {
    if (env.S3_ENDPOINT && (!env.S3_ACCESS_KEY_ID || !env.S3_SECRET_ACCESS_KEY)) {
      for (const name of ["S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"] as const) {
        if (!env[name]) ctx.addIssue({ code: "custom", path: [name], message: "is required when S3_ENDPOINT is set" });
      }
    }
    const oidc = ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"] as const;
    const given = oidc.filter((n) => env[n]);
    if (given.length > 0 && given.length < oidc.length) {
      for (const name of oidc) {
        if (!env[name])
          ctx.addIssue({ code: "custom", path: [name], message: "is required when any OIDC_* variable is set" });
      }
    }
  });

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  throw new EnvError(result.error.issues.map((i) => `${i.path.join(".") || "environment"} ${i.message}`));
}

let cached: Env | undefined;

/** The validated environment of this process (parsed once). */
export function loadEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Whether an address is this machine only (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^127(\.\d{1,3}){3}$/.test(h);
}

/**
 * The development sign-in (a demo account, no password) is on in embedded
 * demo mode only while the web server listens on loopback; on any other
 * address only when AUTH_DEV_LOGIN=true asks for it explicitly (the launcher
 * then warns loudly). AUTH_DEV_LOGIN=false always turns it off.
 */
export function devLoginEnabled(env: Env): boolean {
  if (env.AUTH_DEV_LOGIN !== undefined) return env.AUTH_DEV_LOGIN;
  return (env.UNBLIND_EMBEDDED ?? false) && isLoopbackHost(env.HOST);
}

export function requireDatabaseUrl(env: Env): string {
  if (!env.DATABASE_URL)
    throw new EnvError(["DATABASE_URL is not set (start the platform with `npm start` to use the embedded database)"]);
  return env.DATABASE_URL;
}
