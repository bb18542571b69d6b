import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Notice } from "@/components/ui/notice";
import { safeNextPath } from "@/lib/actions/auth-handlers";
import { currentHuman } from "@/lib/actions/session";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in", robots: { index: false } };

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function LoginPage({ searchParams }: { searchParams: Search }) {
  const params = await searchParams;
  const next = safeNextPath(typeof params.next === "string" ? params.next : undefined);
  // Only a session the database still honours counts, so a stale cookie cannot cause a redirect loop.
  if (await currentHuman()) redirect(next);
  return (
    <>
      <h1 className="text-2xl font-semibold tracking-tight text-slate-950">Sign in to Onramp</h1>
      <p className="mt-1 text-sm text-slate-600">Manage your wallet, cards, API keys and your agents.</p>
      <div className="mt-5 space-y-3">
        {params.reset ? (
          <Notice tone="success" data-testid="login-notice">
            Your password was changed. Sign in with the new one.
          </Notice>
        ) : null}
        {params.signed_out ? (
          <Notice tone="info" data-testid="login-notice">
            You are signed out.
          </Notice>
        ) : null}
        {params.verified ? (
          <Notice tone="success" data-testid="login-notice">
            Your email is verified. Sign in to continue.
          </Notice>
        ) : null}
      </div>
      <SignInForm next={next} />
      <p className="mt-6 border-t border-slate-100 pt-4 text-sm text-slate-600">
        New to Onramp?{" "}
        <Link href="/signup" className="font-medium text-brand-700 underline">
          Create an account
        </Link>
      </p>
    </>
  );
}
