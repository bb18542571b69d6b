import Link from "next/link";
import { HeaderAccount } from "./dashboard/header-account";
import { OnrampLogo } from "./onramp-logo";

// A route handler (not a page) would get a plain anchor (no client navigation): kind "document".
// The dashboard is per-user and behind sign-in, and the API reference is a heavy bundle: prefetching
// either for every visitor is wasted work.
const navLinks = [
  { href: "/#quickstart", label: "Quickstart", kind: "page", prefetch: undefined },
  { href: "/dashboard", label: "Dashboard", kind: "page", prefetch: false },
  { href: "/docs/api", label: "API", kind: "page", prefetch: false },
] as { href: string; label: string; kind: "page" | "document"; prefetch: false | undefined }[];

const linkClass =
  "rounded-md px-2 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100 hover:text-slate-950 sm:px-3";

// Sticky only from the sm breakpoint: on a phone the wrapped two-row header would eat the screen.
export function SiteHeader() {
  return (
    <header className="relative z-20 sm:sticky sm:top-0 border-b border-slate-200 bg-white/90 backdrop-blur supports-[backdrop-filter]:bg-white/75">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-3 sm:px-6">
        <Link href="/" className="flex items-center gap-2 rounded-md text-slate-950">
          <OnrampLogo />
          <span className="text-lg font-semibold tracking-tight">Onramp</span>
        </Link>
        <nav aria-label="Main">
          <ul className="flex flex-wrap items-center gap-x-0.5 gap-y-1 sm:gap-x-1">
            {navLinks.map((link) => (
              <li key={link.href}>
                {link.kind === "page" ? (
                  <Link href={link.href} prefetch={link.prefetch} className={linkClass}>
                    {link.label}
                  </Link>
                ) : (
                  <a href={link.href} className={linkClass}>
                    {link.label}
                  </a>
                )}
              </li>
            ))}
            <li className="ml-1">
              <HeaderAccount />
            </li>
          </ul>
        </nav>
      </div>
    </header>
  );
}
