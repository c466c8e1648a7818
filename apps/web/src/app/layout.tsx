import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { Providers } from "~/components/providers.tsx";
import { SignOutButton } from "~/components/sign-out-button.tsx";
import { getServerSession } from "next-auth";
import { authOptions, getCaller } from "~/server/auth.ts";
import "./globals.css";

export const metadata: Metadata = { title: "Unblind", description: "Machine-learning challenges for particle physics" };
export const dynamic = "force-dynamic";

export default async function RootLayout({ children }: { children: ReactNode }) {
  // A session that has ended on the server (sign-out elsewhere, a disabled account) shows as signed out.
  const session = (await getCaller()) ? await getServerSession(authOptions) : null;
  return (
    <html lang="en">
      <body>
        <header className="topbar">
          <Link href="/" className="brand">
            Unblind
          </Link>
          <nav>
            <Link href="/">Challenges</Link> <Link href="/groups">Groups</Link>
          </nav>
          <div className="account">
            {session?.user ? (
              <>
                <Link href="/settings/tokens">API tokens</Link>{" "}
                <span data-testid="signed-in-as">{session.user.name ?? session.user.email}</span> <SignOutButton />
              </>
            ) : (
              <Link href="/signin">Sign in</Link>
            )}
          </div>
        </header>
        <main>
          <Providers>{children}</Providers>
        </main>
      </body>
    </html>
  );
}
