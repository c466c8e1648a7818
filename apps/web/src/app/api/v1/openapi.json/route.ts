import { openApiDocument } from "~/server/rest/openapi.ts";

export const dynamic = "force-dynamic";

export function GET(req: Request) {
  return Response.json(openApiDocument(new URL(req.url).origin));
}
