import { redirect } from "next/navigation";
import { getCaller } from "~/server/auth.ts";
import { TokenManager } from "./token-manager.tsx";

export const metadata = { title: "API tokens · Unblind" };

export default async function TokensPage() {
  if (!(await getCaller())) redirect("/signin?callbackUrl=/settings/tokens");
  return (
    <>
      <h1>Personal access tokens</h1>
      <p>
        Tokens let scripts and the <code>unblind</code> CLI use the <a href="/api-docs">REST API</a> as you, never with
        more rights than you have. A token is shown once; only its hash is kept.
      </p>
      <TokenManager />
    </>
  );
}
