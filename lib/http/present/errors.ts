/**
 * An error's `details` as the wire carries them. Errors that hold amounts keep them as typed
 * properties in cents; their USD figures for agents are written here, at the door.
 */
import type { AppError, ErrorDetails } from "@/lib/errors";
import { minorToUsd } from "@/lib/money";
import { InsufficientBalance } from "@/lib/wallet/ledger";

export function wireDetails(error: AppError): ErrorDetails | undefined {
  if (error instanceof InsufficientBalance) {
    return {
      balance: minorToUsd(error.balanceMinor),
      required: minorToUsd(error.requiredMinor),
      currency: "USD",
    };
  }
  return error.details;
}
