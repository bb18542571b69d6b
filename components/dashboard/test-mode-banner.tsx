/** Shown on every dashboard page in local mode: no real money moves here. */
export function TestModeBanner() {
  return (
    <div className="border-b border-amber-300 bg-amber-100" data-testid="test-mode-banner">
      <p className="mx-auto max-w-6xl px-4 py-2 text-sm text-amber-950 sm:px-6">
        <strong className="font-semibold">Test mode.</strong> Payments go to the local Stripe emulator; no
        real card is charged. Try 4242 4242 4242 4242, 4000 0000 0000 0002 (declined) or 4000 0025 0000 3155
        (3-D Secure).
      </p>
    </div>
  );
}
