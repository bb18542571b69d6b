"use client";

import { useEffect, useRef, useState } from "react";
import { Button, type ButtonProps } from "./button";

export interface ConfirmButtonProps extends Omit<ButtonProps, "onClick"> {
  /** The question shown after the first press, e.g. "Delete this key?". */
  question: string;
  confirmLabel: string;
  onConfirm: () => void | Promise<void>;
}

/**
 * A destructive action in two presses, without a modal: the first press shows the question with
 * "Yes" and "Cancel" buttons (focus moves to "Cancel", so Enter twice never destroys anything).
 */
export function ConfirmButton({
  question,
  confirmLabel,
  onConfirm,
  children,
  pending,
  ...rest
}: ConfirmButtonProps) {
  const [asking, setAsking] = useState(false);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);

  useEffect(() => {
    if (asking) cancelRef.current?.focus();
    else if (wasAsking.current) triggerRef.current?.focus();
    wasAsking.current = asking;
  }, [asking]);

  if (!asking) {
    return (
      <Button ref={triggerRef} {...rest} pending={pending} onClick={() => setAsking(true)}>
        {children}
      </Button>
    );
  }
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <span className="text-sm text-slate-800">{question}</span>
      <Button
        variant="danger"
        size="sm"
        pending={pending}
        onClick={async () => {
          await onConfirm();
          setAsking(false);
        }}
      >
        {confirmLabel}
      </Button>
      <Button ref={cancelRef} variant="secondary" size="sm" onClick={() => setAsking(false)}>
        Cancel
      </Button>
    </span>
  );
}
