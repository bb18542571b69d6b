import { CopyButton } from "./copy-button";

export interface CodeBlockProps {
  code: string;
  /** Names the block for assistive tech and the copy button, e.g. "signup command". */
  label: string;
  /** Shown in the block's title bar. */
  caption?: string;
  /** Hidden for commands that are illustrative only. */
  copyable?: boolean;
}

/** A dark, horizontally scrolling code block with a copy button in its title bar. */
export function CodeBlock({ code, label, caption = "shell", copyable = true }: CodeBlockProps) {
  return (
    <figure
      aria-label={label}
      className="min-w-0 overflow-hidden rounded-lg bg-slate-900 shadow-sm ring-1 ring-slate-900/10"
    >
      <div className="flex items-center justify-between gap-3 border-b border-slate-700/70 px-3 py-1.5">
        <span className="truncate font-mono text-xs text-slate-300">{caption}</span>
        {copyable ? <CopyButton text={code} label={label} /> : null}
      </div>
      {/* No tabIndex: current browsers make overflowing scrollers keyboard-focusable themselves, and
          a tab stop on every block would double the tab order; the copy button covers the rest. */}
      <pre className="overflow-x-auto px-4 py-3 font-mono text-[13px] leading-relaxed text-slate-100 focus-visible:outline-brand-300 focus-visible:-outline-offset-2">
        <code>{code}</code>
      </pre>
    </figure>
  );
}
