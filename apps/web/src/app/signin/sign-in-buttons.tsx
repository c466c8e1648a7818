"use client";
import { signIn } from "next-auth/react";

export function SignInButtons(props: {
  callbackUrl: string;
  sso: { id: string; name: string }[];
  demo: { email: string; name: string; role: string }[];
}) {
  return (
    <div className="signin">
      {props.sso.map((p) => (
        <button key={p.id} type="button" onClick={() => void signIn(p.id, { callbackUrl: props.callbackUrl })}>
          Sign in with {p.name}
        </button>
      ))}
      {props.demo.length > 0 && (
        <>
          <h2>Demo accounts</h2>
          <p className="muted">
            Development sign-in, enabled in the embedded demo listening on loopback (or with AUTH_DEV_LOGIN=true). No
            password.
          </p>
          <ul className="plain">
            {props.demo.map((a) => (
              <li key={a.email}>
                <button
                  type="button"
                  onClick={() => void signIn("dev", { email: a.email, callbackUrl: props.callbackUrl })}
                >
                  {a.name} ({a.role})
                </button>{" "}
                <code>{a.email}</code>
              </li>
            ))}
          </ul>
        </>
      )}
      {props.sso.length === 0 && props.demo.length === 0 && (
        <p className="error">
          No sign-in method is configured (set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET).
        </p>
      )}
    </div>
  );
}
