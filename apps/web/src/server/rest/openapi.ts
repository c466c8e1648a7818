// The OpenAPI 3.1 document of /api/v1, built from the response schemas so
// the two cannot drift apart.
import { z } from "zod";
import * as s from "./schemas.ts";

const json = (schema: z.ZodType) => z.toJSONSchema(schema, { target: "draft-2020-12" });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const problems = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((c) => [
      String(c),
      { description: PROBLEM_TEXT[c], content: { "application/problem+json": { schema: ref("Problem") } } },
    ]),
  );
const PROBLEM_TEXT: Record<number, string> = {
  400: "Bad request (the detail says what is wrong)",
  401: "No token, or an unknown, revoked or expired one",
  403: "The token lacks the scope, or is for another challenge",
  404: "No such resource, or not visible to the caller",
  409: "The phase is closed or the challenge does not accept submissions",
  413: "The file is larger than the phase's limit",
  429: "Daily submission limit or rate limit reached (see Retry-After)",
};
const ok = (schema: object, description = "OK") => ({
  "200": { description, content: { "application/json": { schema } } },
});
const slug = { name: "slug", in: "path", required: true, schema: { type: "string" } };
const box = {
  name: "box",
  in: "path",
  required: true,
  schema: { type: "string" },
  description: 'the box\'s name ("Black box 1", URL-encoded) or phase id',
};

export function openApiDocument(serverUrl: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Unblind API",
      version: "1.0.0",
      description:
        "Challenges, dataset files, submissions and leaderboards. Authenticate with a personal access token: `Authorization: Bearer unb_pat_…` (scopes `read`, `submit`, `create`). Errors are application/problem+json (RFC 9457).",
    },
    servers: [{ url: serverUrl }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "Personal access token (unb_pat_…)" } },
      schemas: {
        ChallengeSummary: json(s.challengeSummary),
        ChallengeDetail: json(s.challengeDetail),
        DatasetFile: json(s.datasetFile),
        SubmissionCreated: json(s.submissionCreated),
        UploadStarted: json(s.uploadStarted),
        Submission: json(s.submission),
        Leaderboard: json(s.leaderboard),
        Answer: json(s.answer),
        Receipt: json(s.receipt),
        Problem: json(s.problemDetails),
      },
    },
    paths: {
      "/api/v1/challenges": {
        get: {
          operationId: "listChallenges",
          summary: "The challenges the caller can see",
          responses: { ...ok({ type: "array", items: ref("ChallengeSummary") }), ...problems(401, 403, 429) },
        },
        post: {
          operationId: "createChallenge",
          summary: "Create a challenge from a bundle (site admins and challenge creators; scope create)",
          description:
            "The bundle (docs/bundles.md) is read and checked completely first: a 400 lists every problem with its file, line and column under `problems`, and nothing is created. With check=true only the preview is returned.",
          requestBody: {
            required: true,
            content: {
              "multipart/form-data": {
                schema: {
                  type: "object",
                  required: ["bundle"],
                  properties: {
                    slug: { type: "string", description: "another slug than the bundle's" },
                    check: { type: "string", enum: ["true", "false"], description: "validate and preview only" },
                    bundle: {
                      type: "string",
                      contentMediaType: "application/octet-stream",
                      description: "the bundle as .zip, .tar or .tar.gz, at most 256 MB",
                    },
                  },
                },
              },
            },
          },
          responses: {
            "201": {
              description: "Created",
              content: { "application/json": { schema: json(s.challengeCreated) } },
            },
            ...ok(json(s.bundlePreview), "Valid; what it would create (check=true)"),
            ...problems(400, 401, 403, 409, 413, 429),
          },
        },
      },
      "/api/v1/challenges/{slug}": {
        get: {
          operationId: "getChallenge",
          summary: "Details, phases, limits and the caller's submissions left today",
          parameters: [slug],
          responses: { ...ok(ref("ChallengeDetail")), ...problems(401, 403, 404, 429) },
        },
      },
      "/api/v1/challenges/{slug}/files": {
        get: {
          operationId: "listFiles",
          summary: "Dataset files the caller may download, with presigned URLs",
          parameters: [slug],
          responses: { ...ok({ type: "array", items: ref("DatasetFile") }), ...problems(401, 403, 404, 429) },
        },
      },
      "/api/v1/challenges/{slug}/submissions": {
        get: {
          operationId: "listMySubmissions",
          summary: "The caller's own submissions, newest first",
          parameters: [slug],
          responses: { ...ok({ type: "array", items: ref("Submission") }), ...problems(401, 403, 404, 429) },
        },
        post: {
          operationId: "submit",
          summary: "Submit a file in one call",
          parameters: [
            slug,
            {
              name: "Idempotency-Key",
              in: "header",
              required: false,
              schema: { type: "string", maxLength: 200 },
              description: "A retry with the same key returns the submission already made (200) instead of a new one",
            },
          ],
          requestBody: {
            required: true,
            content: {
              "multipart/form-data": {
                schema: {
                  type: "object",
                  required: ["file"],
                  properties: {
                    description: { type: "string", maxLength: 500 },
                    phase: {
                      type: "string",
                      maxLength: 80,
                      description: "the phase by name, e.g. a code phase; by default the open standard phase",
                    },
                    file: {
                      type: "string",
                      contentMediaType: "application/octet-stream",
                      description:
                        "in the challenge's submission format: a CSV (gzip accepted); for the FPGA track model.onnx or a .tar.gz/.zip model archive; for a code phase model.py or a .zip/.tar.gz with it",
                    },
                  },
                },
              },
            },
          },
          responses: {
            "202": {
              description: "Stored and queued for scoring",
              content: { "application/json": { schema: ref("SubmissionCreated") } },
            },
            ...ok(ref("SubmissionCreated"), "An earlier request with the same Idempotency-Key made this submission"),
            ...problems(400, 401, 403, 404, 409, 413, 429),
          },
        },
      },
      "/api/v1/challenges/{slug}/uploads": {
        post: {
          operationId: "startUpload",
          summary:
            "Large files, step 1: announce the file; get one presigned PUT URL per part (step 2: PUT each part's bytes to its URL and keep the ETag header)",
          parameters: [
            slug,
            { name: "Idempotency-Key", in: "header", required: false, schema: { type: "string", maxLength: 200 } },
          ],
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["fileName", "size"],
                  properties: {
                    fileName: { type: "string" },
                    size: { type: "integer", minimum: 1 },
                    description: { type: "string", maxLength: 500 },
                    phase: { type: "string", maxLength: 80 },
                  },
                },
              },
            },
          },
          responses: {
            "201": { description: "Upload started", content: { "application/json": { schema: ref("UploadStarted") } } },
            ...ok(ref("SubmissionCreated"), "An earlier request with the same Idempotency-Key made this submission"),
            ...problems(400, 401, 403, 404, 409, 413, 429),
          },
        },
      },
      "/api/v1/uploads/{id}/complete": {
        post: {
          operationId: "completeUpload",
          summary: "Large files, step 3: the parts' ETags; the file is assembled, checked and becomes a submission",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["parts"],
                  properties: {
                    parts: {
                      type: "array",
                      items: {
                        type: "object",
                        required: ["partNumber", "etag"],
                        properties: { partNumber: { type: "integer" }, etag: { type: "string" } },
                      },
                    },
                  },
                },
              },
            },
          },
          responses: {
            "202": {
              description: "Stored and queued for scoring",
              content: { "application/json": { schema: ref("SubmissionCreated") } },
            },
            ...problems(400, 401, 403, 404, 409, 429),
          },
        },
      },
      "/api/v1/submissions/{id}": {
        get: {
          operationId: "getSubmission",
          summary: "Status, scores and error of one of the caller's submissions",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
          responses: { ...ok(ref("Submission")), ...problems(401, 403, 404, 429) },
        },
      },
      "/api/v1/challenges/{slug}/boxes/{box}": {
        get: {
          operationId: "getBox",
          summary:
            "A black box: the caller's receipts and the count of sealed answers; after the opening, the revealed key and every answer's pulls",
          parameters: [slug, box],
          responses: { ...ok({ type: "object" }), ...problems(401, 403, 404, 429) },
        },
      },
      "/api/v1/challenges/{slug}/boxes/{box}/answers": {
        post: {
          operationId: "answerBox",
          summary: "Answer a black box; sealed until the opening, replacing your earlier answer until the deadline",
          parameters: [slug, box],
          requestBody: {
            required: true,
            content: {
              "application/json": { schema: ref("Answer") },
              "multipart/form-data": {
                schema: {
                  type: "object",
                  required: ["answer"],
                  properties: {
                    answer: { type: "string", description: "the Answer as JSON, sent before the file" },
                    file: {
                      type: "string",
                      contentMediaType: "text/csv",
                      description: "optional per-event anomaly scores, event_index,score",
                    },
                  },
                },
              },
            },
          },
          responses: {
            "201": {
              description: "Stored (sealed before the opening); the receipt",
              content: { "application/json": { schema: ref("Receipt") } },
            },
            ...problems(400, 401, 403, 404, 409, 413, 429),
          },
        },
      },
      "/api/v1/challenges/{slug}/leaderboard": {
        get: {
          operationId: "getLeaderboard",
          summary:
            "One row per participant (best, or final selection on the private board), ranked in the database by the primary metric, then the secondary, then the earlier submission; with bootstrap intervals and statistical ties",
          parameters: [
            slug,
            {
              name: "phase",
              in: "query",
              required: false,
              schema: { type: "string" },
              description: "phase name (default: the phase open now)",
            },
            {
              name: "board",
              in: "query",
              required: false,
              schema: { type: "string", enum: ["public", "private"] },
              description: "default: private once revealed, else public; private before the reveal is 403",
            },
            { name: "offset", in: "query", required: false, schema: { type: "integer", minimum: 0 } },
            {
              name: "limit",
              in: "query",
              required: false,
              schema: { type: "integer", minimum: 1, maximum: 1000 },
              description: "default 100",
            },
          ],
          responses: { ...ok(ref("Leaderboard")), ...problems(400, 401, 403, 404, 429) },
        },
      },
      "/api/v1/submissions/{id}/selection": {
        put: {
          operationId: "selectFinalSubmission",
          summary:
            "Select (or unselect) one of your scored submissions for the private leaderboard, up to the phase's limit, while the phase is open",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
          requestBody: { required: true, content: { "application/json": { schema: json(s.selection) } } },
          responses: { ...ok({ type: "object" }), ...problems(400, 401, 403, 404, 409, 429) },
        },
      },
    },
  };
}
