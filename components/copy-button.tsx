"use client";

import { useEffect, useRef, useState } from "react";

type CopyState = "idle" | "copied" | "failed";

const RESET_AFTER_MS = 2000;

/**
 * The async Clipboard API only exists in secure contexts, and a self-hosted install is often
 * reached over plain http on a LAN address, so fall back to the selection-based copy there.
 */
async function writeClipboard(text: string): Promise<boolean> {
  if (window.isSecureContext && navigator.clipboard) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // Denied permission or an unfocused document: the legacy path may still work.
    }
  }
  return copyWithSelection(text);
}

function copyWithSelection(text: string): boolean {
  // Selecting the textarea moves focus; give it back so keyboard users stay on the button.
  const previouslyFocused = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const textarea = document.createElement("textarea");
  textarea.value = text;
  textarea.setAttribute("readonly", "");
  textarea.style.position = "fixed";
  textarea.style.inset = "0 auto auto 0";
  textarea.style.opacity = "0";
  document.body.append(textarea);
  textarea.select();
  let copied = false;
  try {
    copied = document.execCommand("copy");
  } catch {
    copied = false;
  }
  textarea.remove();
  previouslyFocused?.focus();
  return copied;
}

export interface CopyButtonProps {
  /** The exact text placed on the clipboard. */
  text: string;
  /** What is being copied, read after "Copy" by screen readers, e.g. "signup command". */
  label: string;
  className?: string;
}

export function CopyButton({ text, label, className }: CopyButtonProps) {
  const [state, setState] = useState<CopyState>("idle");
  const resetTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => () => clearTimeout(resetTimer.current), []);

  async function handleClick() {
    const copied = await writeClipboard(text);
    setState(copied ? "copied" : "failed");
    clearTimeout(resetTimer.current);
    resetTimer.current = setTimeout(() => setState("idle"), RESET_AFTER_MS);
  }

  const visible = state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : "Copy";
  const announcement =
    state === "copied"
      ? `Copied the ${label} to the clipboard`
      : state === "failed"
        ? `Could not copy the ${label}; select the text and copy it by hand`
        : "";

  return (
    <>
      <button
        type="button"
        onClick={handleClick}
        data-state={state}
        className={[
          "inline-flex shrink-0 items-center gap-1.5 rounded-md border px-2.5 py-1 text-xs font-medium transition-colors",
          "border-slate-600 bg-slate-800 text-slate-100 hover:border-slate-400 hover:bg-slate-700",
          "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-300",
          "data-[state=copied]:border-brand-300 data-[state=copied]:text-brand-100",
          "data-[state=failed]:border-amber-300 data-[state=failed]:text-amber-100",
          className ?? "",
        ].join(" ")}
      >
        {state === "copied" ? <CheckIcon /> : <ClipboardIcon />}
        <span>{visible}</span>
        <span className="sr-only"> {label}</span>
      </button>
      {/* Outside the button so the announcement never becomes part of its accessible name. */}
      <span role="status" aria-live="polite" className="sr-only">
        {announcement}
      </span>
    </>
  );
}

function ClipboardIcon() {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 16 16"
      className="size-3.5"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
    >
      <rect x="5" y="5" width="8.5" height="8.5" rx="1.5" />
      <path d="M3.5 10.5h-.25A1.25 1.25 0 0 1 2 9.25v-6A1.25 1.25 0 0 1 3.25 2h6A1.25 1.25 0 0 1 10.5 3.25v.25" />
    </svg>
  );
}

function CheckIcon() {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 16 16"
      className="size-3.5"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.75"
    >
      <path d="m3 8.5 3 3 7-7" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
