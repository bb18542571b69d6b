import type { ReactNode } from "react";

/** The signed-out pages: one narrow card, centred (the root layout supplies <main>). */
export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <div className="flex justify-center bg-slate-50 px-4 py-10 sm:py-16">
      <div className="w-full max-w-md rounded-xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
        {children}
      </div>
    </div>
  );
}
