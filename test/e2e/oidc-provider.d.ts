declare module "oidc-provider" {
  import type { Server } from "node:http";
  /** The parts of oidc-provider 9 that the SSO test uses. */
  export default class Provider {
    constructor(
      issuer: string,
      configuration: {
        clients: Record<string, unknown>[];
        claims?: Record<string, string[]>;
        conformIdTokenClaims?: boolean;
        findAccount: (ctx: unknown, sub: string) => { accountId: string; claims: () => Record<string, unknown> };
      },
    );
    listen(port: number): Server;
  }
}
