import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { ResetPasswordForm } from "./reset-password-form";

export const metadata: Metadata = { title: "Choose a new password", robots: { index: false } };

type Search = Promise<Record<string, string | string[] | undefined>>;

/** The password-reset email links here with `token` and `email` in the query string. */
export default async function ResetPasswordPage({ searchParams }: { searchParams: Search }) {
  await connection();
  const params = await searchParams;
  const token = typeof params.token === "string" ? params.token.slice(0, 200) : "";
  const email = typeof params.email === "string" ? params.email.slice(0, 254) : "";
  return (
    <>
      <h1 className="text-2xl font-semibold tracking-tight text-slate-950">Choose a new password</h1>
      <p className="mt-1 text-sm text-slate-600">
        Resetting signs you out everywhere, agents included: they sign in again with the new password.
      </p>
      <ResetPasswordForm token={token} email={email} />
      <p className="mt-6 border-t border-slate-100 pt-4 text-sm text-slate-600">
        Link expired?{" "}
        <Link href="/forgot-password" className="font-medium text-brand-700 underline">
          Ask for a new one
        </Link>
      </p>
    </>
  );
}
