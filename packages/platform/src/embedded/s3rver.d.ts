declare module "s3rver" {
  import type { IncomingMessage, ServerResponse } from "node:http";
  type Handler = (req: IncomingMessage, res: ServerResponse) => void;
  /** The parts of s3rver 3.7 (a Koa application) that Unblind uses. */
  export default class S3rver {
    constructor(options: Record<string, unknown>);
    callback(): Handler;
    run(): Promise<unknown>;
    close(): Promise<void>;
  }
}

declare module "s3rver/lib/models/account.js" {
  /** s3rver's one account, whose key pairs its own signature check accepts. */
  export const DUMMY_ACCOUNT: {
    createKeyPair(accessKeyId: string, secretAccessKey: string): void;
    revokeAccessKey(accessKeyId: string): void;
  };
}
