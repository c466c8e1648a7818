import { authProviders, demoAccounts } from "~/server/auth.ts";
import { SignInButtons } from "./sign-in-buttons.tsx";

/** next-auth's error codes, in plain words. */
const SIGN_IN_ERRORS: Record<string, string> = {
  Callback:
    "Your identity provider signed you in, but no account here could be given to you: an account with the email it sent exists already, and this platform never joins a sign-in to an account by its email alone. Sign in the way you did before, or ask a site admin.",
  OAuthCallback: "The identity provider's answer could not be checked; try again.",
  AccessDenied: "This account may not sign in (it may have been disabled by a site admin).",
  CredentialsSignin: "That demo account does not exist.",
};

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string; error?: string }>;
}) {
  const { callbackUrl, error } = await searchParams;
  // Only same-site paths: never redirect to another origin after sign-in.
  const target = callbackUrl?.startsWith("/") && !callbackUrl.startsWith("//") ? callbackUrl : "/";
  return (
    <>
      <h1>Sign in</h1>
      {error && (
        <p className="error" role="alert" data-testid="signin-error">
          {SIGN_IN_ERRORS[error] ?? `Sign-in failed (${error.slice(0, 40)}).`}
        </p>
      )}
      <SignInButtons
        callbackUrl={target}
        sso={authProviders.filter((p) => p.id === "oidc")}
        demo={demoAccounts.map((a) => ({ email: a.email, name: a.name, role: a.role }))}
      />
    </>
  );
}
