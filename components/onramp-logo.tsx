export interface OnrampLogoProps {
  className?: string;
}

/** The mark: a ramp rising into a dot, drawn inline so it needs no request and inherits colour. */
export function OnrampLogo({ className }: OnrampLogoProps) {
  return (
    <svg aria-hidden="true" viewBox="0 0 32 32" className={className ?? "size-7"}>
      <rect width="32" height="32" rx="8" className="fill-brand-600" />
      <path
        d="M7 23h6.5L21 12"
        fill="none"
        stroke="white"
        strokeWidth="3"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
      <circle cx="23.5" cy="9" r="2.5" fill="white" />
    </svg>
  );
}
