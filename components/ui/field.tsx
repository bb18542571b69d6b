import { type InputHTMLAttributes, type ReactNode, useId } from "react";

export interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "id"> {
  label: ReactNode;
  hint?: ReactNode;
  /** Messages from the server for this field; the first is shown. */
  errors?: string[] | undefined;
  /** Text shown before the input, e.g. "$". */
  prefix?: string;
}

/** First letter up: the domain's messages read "must be at least $10"; under a label, "Must…". */
export const sentence = (message: string) => message.charAt(0).toUpperCase() + message.slice(1);

export function Field({ label, hint, errors, prefix, className, ...input }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors?.length ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <div className="mt-1 flex rounded-md shadow-xs">
        {prefix ? (
          <span className="inline-flex items-center rounded-l-md border border-r-0 border-slate-300 bg-slate-50 px-3 text-sm text-slate-600">
            {prefix}
          </span>
        ) : null}
        <input
          id={id}
          aria-invalid={errorId ? true : undefined}
          aria-describedby={describedBy}
          className={[
            "block w-full min-w-0 border px-3 py-2 text-sm text-slate-950 placeholder:text-slate-500",
            prefix ? "rounded-r-md" : "rounded-md",
            errorId ? "border-red-600" : "border-slate-300",
          ].join(" ")}
          {...input}
        />
      </div>
      {hint ? (
        <p id={hintId} className="mt-1 text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
      {errorId ? (
        <p id={errorId} className="mt-1 text-sm text-red-700">
          {sentence(errors?.[0] ?? "")}
        </p>
      ) : null}
    </div>
  );
}
