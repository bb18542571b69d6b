import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { env } from "@/lib/env";
import { ForgotPasswordForm } from "./forgot-password-form";

export const metadata: Metadata = { title: "Forgot password", robots: { index: false } };

export default async function ForgotPasswordPage() {
  await connection();
  return (
    <>
      <h1 className="text-2xl font-semibold tracking-tight text-slate-950">Reset your password</h1>
      <p className="mt-1 text-sm text-slate-600">
        Enter the email of your account. We will send a link to choose a new password.
      </p>
      <ForgotPasswordForm localMode={env().localMode} />
      <p className="mt-6 border-t border-slate-100 pt-4 text-sm text-slate-600">
        Remembered it?{" "}
        <Link href="/login" className="font-medium text-brand-700 underline">
          Sign in
        </Link>
      </p>
    </>
  );
}
