"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";

export const DASHBOARD_SECTIONS = [
  { href: "/dashboard", label: "Overview" },
  { href: "/dashboard/wallet", label: "Wallet" },
  { href: "/dashboard/payment-methods", label: "Payment methods" },
  { href: "/dashboard/plans", label: "Plans" },
  { href: "/dashboard/invoices", label: "Invoices" },
  { href: "/dashboard/api-keys", label: "API keys" },
  { href: "/dashboard/agents", label: "Agents" },
  { href: "/dashboard/approvals", label: "Approvals" },
  { href: "/dashboard/audit", label: "Audit log" },
  { href: "/dashboard/settings", label: "Settings" },
] as const;

/** Sidebar from the lg breakpoint; a scrollable row of tabs above the page on smaller screens. */
export function DashboardNav({
  name,
  email,
  badges = {},
}: {
  name: string;
  email: string;
  /** A count next to a section (approvals waiting for a decision); hidden at 0. */
  badges?: Record<string, number>;
}) {
  const pathname = usePathname();
  const currentRef = useRef<HTMLAnchorElement>(null);
  // On phones the tabs scroll sideways: bring the current one into view (no vertical jump).
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-run when the page changes
  useEffect(() => {
    currentRef.current?.scrollIntoView({ block: "nearest", inline: "nearest" });
  }, [pathname]);
  const isCurrent = (href: string) =>
    href === "/dashboard" ? pathname === href : pathname === href || pathname.startsWith(`${href}/`);
  return (
    <nav aria-label="Dashboard" className="lg:sticky lg:top-20 lg:self-start">
      <div className="mb-3 hidden lg:block">
        <p className="truncate text-sm font-semibold text-slate-950">{name}</p>
        <p className="truncate text-xs text-slate-600">{email}</p>
      </div>
      <ul className="-mx-4 flex gap-1 overflow-x-auto px-4 pb-2 lg:mx-0 lg:flex-col lg:overflow-visible lg:px-0 lg:pb-0">
        {DASHBOARD_SECTIONS.map((section) => {
          const current = isCurrent(section.href);
          return (
            <li key={section.href} className="shrink-0">
              <Link
                href={section.href}
                ref={current ? currentRef : undefined}
                aria-current={current ? "page" : undefined}
                className={[
                  "block whitespace-nowrap rounded-md px-3 py-2 text-sm font-medium",
                  current
                    ? "bg-slate-900 text-white"
                    : "text-slate-700 hover:bg-slate-100 hover:text-slate-950",
                ].join(" ")}
              >
                {section.label}
                {badges[section.href] ? (
                  <span
                    className="ml-2 inline-flex min-w-5 items-center justify-center rounded-full bg-amber-500 px-1.5 text-xs font-semibold text-white"
                    data-testid={`nav-badge-${section.label.toLowerCase()}`}
                  >
                    {badges[section.href]}
                    <span className="sr-only"> waiting</span>
                  </span>
                ) : null}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
