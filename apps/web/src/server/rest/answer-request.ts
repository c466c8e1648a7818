// A black-box answer as a request carries it: a JSON body (the answer), or
// multipart/form-data with an `answer` field (JSON) before an optional
// `file` of per-event anomaly scores. Shared by the REST API and the
// browser's session route.
import { AppError } from "@unblind/platform/errors/app-error.ts";
import type { NewAnswer } from "@unblind/platform/black-boxes/submit-answer.ts";
import { multipartFile } from "./multipart-file.ts";
import { readBodyText } from "./read-body.ts";

const MAX_JSON_BYTES = 64 * 1024;

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new AppError("BAD_REQUEST", `The ${where} is not valid JSON: ${(error as Error).message}`);
  }
}

export async function answerFromRequest(req: Request): Promise<Pick<NewAnswer, "answer" | "scoresFile">> {
  const type = req.headers.get("content-type") ?? "";
  if (type.startsWith("multipart/form-data")) {
    const upload = await multipartFile(req);
    if (upload.fields.answer === undefined) {
      upload.body.resume();
      throw new AppError("BAD_REQUEST", "Send the `answer` field (JSON) before the `file` field.");
    }
    return {
      answer: parseJson(upload.fields.answer, "`answer` field"),
      scoresFile: { fileName: upload.fileName, body: upload.body },
    };
  }
  if (!type.startsWith("application/json"))
    throw new AppError(
      "BAD_REQUEST",
      "Send the answer as application/json, or as multipart/form-data with `answer` and `file`.",
    );
  return { answer: parseJson(await readBodyText(req, MAX_JSON_BYTES, "The answer"), "body") };
}
