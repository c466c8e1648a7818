import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { devLoginEnabled, EnvError, parseEnv } from "../src/config/env.ts";

describe("environment validation", () => {
  it("names the variable that is wrong", () => {
    assert.throws(
      () => parseEnv({ PORT: "abc" }),
      (e: unknown) => e instanceof EnvError && /PORT/.test(e.message),
    );
    assert.throws(
      () => parseEnv({ DATABASE_URL: "mysql://x" }),
      (e: unknown) => e instanceof EnvError && /DATABASE_URL must be a postgresql:\/\/ URL/.test(e.message),
    );
  });

  it("requires credentials with an S3 endpoint", () => {
    assert.throws(
      () => parseEnv({ S3_ENDPOINT: "http://127.0.0.1:9000" }),
      (e: unknown) =>
        e instanceof EnvError && /S3_ACCESS_KEY_ID/.test(e.message) && /S3_SECRET_ACCESS_KEY/.test(e.message),
    );
  });

  it("requires all three OIDC settings once one is given", () => {
    assert.throws(
      () => parseEnv({ OIDC_ISSUER: "https://auth.cern.ch/auth/realms/cern" }),
      (e: unknown) => e instanceof EnvError && /OIDC_CLIENT_ID/.test(e.message),
    );
  });

  it("defaults the port, bucket and data directory", () => {
    const env = parseEnv({});
    assert.equal(env.PORT, 3000);
    assert.equal(env.S3_BUCKET, "unblind");
    assert.equal(env.DATA_DIR, ".data");
  });

  it("enables the development sign-in only in embedded mode or when asked explicitly", () => {
    assert.equal(devLoginEnabled(parseEnv({})), false);
    assert.equal(devLoginEnabled(parseEnv({ UNBLIND_EMBEDDED: "true" })), true);
    assert.equal(devLoginEnabled(parseEnv({ UNBLIND_EMBEDDED: "true", AUTH_DEV_LOGIN: "false" })), false);
    assert.equal(devLoginEnabled(parseEnv({ AUTH_DEV_LOGIN: "true" })), true);
  });

  it("listens on loopback by default, and keeps the passwordless sign-in off on any other address unless asked for explicitly", () => {
    assert.equal(parseEnv({}).HOST, "127.0.0.1");
    assert.equal(devLoginEnabled(parseEnv({ UNBLIND_EMBEDDED: "true", HOST: "0.0.0.0" })), false);
    assert.equal(devLoginEnabled(parseEnv({ UNBLIND_EMBEDDED: "true", HOST: "192.0.2.7" })), false);
    assert.equal(devLoginEnabled(parseEnv({ UNBLIND_EMBEDDED: "true", HOST: "::1" })), true);
    assert.equal(devLoginEnabled(parseEnv({ UNBLIND_EMBEDDED: "true", HOST: "localhost" })), true);
    assert.equal(
      devLoginEnabled(parseEnv({ UNBLIND_EMBEDDED: "true", HOST: "0.0.0.0", AUTH_DEV_LOGIN: "true" })),
      true,
    );
  });
});
