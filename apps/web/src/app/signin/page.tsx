import { authProviders, demoAccounts } from "~/server/auth.ts";
import { SignInButtons } from "./sign-in-buttons.tsx";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const { callbackUrl, error } = await searchParams;
  // Only same-site paths: never redirect to another origin after sign-in.
  const target = callbackUrl?.startsWith("/") && !callbackUrl.startsWith("//") ? callbackUrl : "/";
  return (
    <>
      <h1>Sign in</h1>
      {error && <p className="error">Sign-in failed ({error}).</p>}
      <SignInButtons
        callbackUrl={target}
        sso={authProviders.filter((p) => p.id === "oidc")}
        demo={demoAccounts.map((a) => ({ email: a.email, name: a.name, role: a.role }))}
      />
    </>
  );
}
