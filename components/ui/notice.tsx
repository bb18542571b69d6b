import type { ReactNode } from "react";

type Tone = "success" | "error" | "warning" | "info";

const TONES: Record<Tone, string> = {
  success: "border-emerald-300 bg-emerald-50 text-emerald-900",
  error: "border-red-300 bg-red-50 text-red-900",
  warning: "border-amber-300 bg-amber-50 text-amber-900",
  info: "border-sky-300 bg-sky-50 text-sky-900",
};

export interface NoticeProps {
  tone: Tone;
  title?: ReactNode;
  children?: ReactNode;
  className?: string;
  "data-testid"?: string;
}

/**
 * A message in the flow of the page. Errors are announced assertively, the rest politely. (Tests
 * find notices by test id: Next's route announcer is another role="alert" on every page.)
 */
export function Notice({ tone, title, children, className, ...rest }: NoticeProps) {
  return (
    <div
      role={tone === "error" ? "alert" : "status"}
      className={`rounded-md border px-3 py-2 text-sm ${TONES[tone]} ${className ?? ""}`}
      data-testid={rest["data-testid"]}
    >
      {title ? <p className="font-semibold">{title}</p> : null}
      {children ? <div className={title ? "mt-0.5" : undefined}>{children}</div> : null}
    </div>
  );
}
