import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <div className="mx-auto flex max-w-xl flex-col items-start px-4 py-24 sm:px-6">
      <p className="font-mono text-sm font-semibold text-brand-700">404</p>
      <h1 className="mt-2 text-3xl font-bold tracking-tight text-slate-950">Page not found</h1>
      <p className="mt-4 text-slate-700">
        Nothing lives at this address. Agents looking for the API will find it under{" "}
        <code>/api/agents/v1</code>.
      </p>
      <div className="mt-8 flex flex-wrap gap-3">
        <Link
          href="/"
          className="rounded-md bg-brand-700 px-4 py-2.5 text-sm font-semibold text-white shadow-sm hover:bg-brand-800"
        >
          Back to the quickstart
        </Link>
        <Link
          href="/dashboard"
          prefetch={false}
          className="rounded-md px-4 py-2.5 text-sm font-semibold text-slate-900 ring-1 ring-slate-300 hover:bg-slate-50"
        >
          Open the dashboard
        </Link>
      </div>
    </div>
  );
}
