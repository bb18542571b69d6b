"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useState } from "react";
import { signOutAction } from "@/lib/actions/auth-actions";

type Who =
  | { state: "unknown" }
  | { state: "signed-out" }
  | { state: "signed-in"; name: string; email: string };

const pill = "rounded-md px-3 py-1.5 text-sm font-medium";

/**
 * The header's account slot. Read in the browser from /api/auth/session so the site's pages can
 * stay static-friendly; re-read on navigation, so signing in or out shows at once.
 */
export function HeaderAccount() {
  const pathname = usePathname();
  const [who, setWho] = useState<Who>({ state: "unknown" });

  // biome-ignore lint/correctness/useExhaustiveDependencies: the path is the trigger, not an input
  useEffect(() => {
    let live = true;
    fetch("/api/auth/session", { headers: { accept: "application/json" } })
      .then((res) => (res.ok ? res.json() : null))
      .then((session: { user?: { name?: string; email?: string } } | null) => {
        if (!live) return;
        setWho(
          session?.user?.email
            ? { state: "signed-in", name: session.user.name ?? session.user.email, email: session.user.email }
            : { state: "signed-out" },
        );
      })
      .catch(() => live && setWho({ state: "signed-out" }));
    return () => {
      live = false;
    };
  }, [pathname]);

  if (who.state === "unknown") return <span aria-hidden="true" className="inline-block w-20" />;
  if (who.state === "signed-out") {
    return (
      <Link href="/login" prefetch={false} className={`${pill} bg-slate-900 text-white hover:bg-slate-700`}>
        Sign in
      </Link>
    );
  }
  return (
    <form action={signOutAction} className="flex items-center gap-2">
      <span className="hidden max-w-40 truncate text-sm text-slate-700 md:inline" title={who.email}>
        {who.name}
      </span>
      <button
        type="submit"
        className={`${pill} border border-slate-300 bg-white text-slate-900 hover:bg-slate-50`}
        data-testid="sign-out"
      >
        Sign out
      </button>
    </form>
  );
}
