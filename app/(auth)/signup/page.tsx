import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { currentHuman } from "@/lib/actions/session";
import { env } from "@/lib/env";
import { SignUpForm } from "./sign-up-form";

export const metadata: Metadata = { title: "Create an account", robots: { index: false } };

export default async function SignUpPage() {
  if (await currentHuman()) redirect("/dashboard");
  return (
    <>
      <h1 className="text-2xl font-semibold tracking-tight text-slate-950">Create your Onramp account</h1>
      <p className="mt-1 text-sm text-slate-600">
        One account for you and your agents: a prepaid wallet, cards, API keys and access tokens.
      </p>
      <SignUpForm localMode={env().localMode} />
      <p className="mt-6 border-t border-slate-100 pt-4 text-sm text-slate-600">
        Already have an account?{" "}
        <Link href="/login" className="font-medium text-brand-700 underline">
          Sign in
        </Link>
      </p>
    </>
  );
}
