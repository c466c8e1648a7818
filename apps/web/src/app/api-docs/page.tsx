import { openApiDocument } from "~/server/rest/openapi.ts";

export const metadata = { title: "REST API · Unblind" };

/** A readable page of the OpenAPI document at /api/v1/openapi.json. */
export default function ApiDocsPage() {
  const doc = openApiDocument("");
  return (
    <>
      <h1>REST API v1</h1>
      <p>{doc.info.description}</p>
      <p>
        Machine-readable: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1). Create a token with{" "}
        <code>npm run -s admin -- token create --email you@example.org --scopes read,submit</code>.
      </p>
      <pre>{`curl -H "Authorization: Bearer $UNBLIND_TOKEN" -H "Idempotency-Key: run-42" \\
     -F description="my model" -F file=@submission.csv \\
     ${"<server>"}/api/v1/challenges/top-tagging/submissions`}</pre>
      {Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.entries(ops).map(([method, op]) => (
          <section key={`${method} ${path}`} className="api-operation">
            <h2>
              <code>
                {method.toUpperCase()} {path}
              </code>
            </h2>
            <p>{op.summary}</p>
            <p className="muted">Responses: {Object.keys(op.responses).join(", ")}</p>
          </section>
        )),
      )}
    </>
  );
}
