import Link from "next/link";

export function SiteFooter() {
  return (
    <footer className="border-t border-slate-200 bg-slate-50">
      <div className="mx-auto flex max-w-6xl flex-col gap-4 px-4 py-8 text-sm text-slate-600 sm:flex-row sm:items-center sm:justify-between sm:px-6">
        <p>
          <span className="font-semibold text-slate-900">Onramp</span> — self-hostable agent onboarding and
          billing. Wire-compatible with the ModelsLab Agent Control Plane.
        </p>
        <nav aria-label="Footer">
          <ul className="flex flex-wrap gap-x-4 gap-y-2">
            <li>
              <Link href="/#quickstart" className="hover:text-slate-900 hover:underline">
                Quickstart
              </Link>
            </li>
            <li>
              <Link href="/docs/api" prefetch={false} className="hover:text-slate-900 hover:underline">
                API reference
              </Link>
            </li>
            <li>
              <a href="/api/health" className="hover:text-slate-900 hover:underline">
                Health
              </a>
            </li>
          </ul>
        </nav>
      </div>
    </footer>
  );
}
