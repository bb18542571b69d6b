/**
 * Step 5 of the seed: price the request, pay for it — the plan's quota first, then the wallet — in
 * the same transaction that records the generation, and only then start the work. The wallet row
 * lock inside the ledger serialises concurrent debits, so a wallet that can pay for N generations
 * pays for exactly N and never goes below zero; the rest get 402 insufficient_balance.
 */
import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { type Generation, generations } from "@/lib/db/schema/generation";
import { AppError } from "@/lib/errors";
import { formatUsd } from "@/lib/money";
import { consumePlanQuota } from "@/lib/subscriptions/quota";
import { InsufficientBalance, postInTx } from "@/lib/wallet/ledger";
import { accountSuspended } from "@/lib/wallet/suspension";
import { inAccountLane } from "./account-lane";
import { scheduleAfterDebit } from "./follow-ups";
import { advance } from "./lifecycle";
import { quote } from "./prices";
import { configuredProvider, providerOf } from "./providers";
import { derivedSeed } from "./render";
import type { ImageRequest } from "./schemas";
import { type SpendingStanding, spendingStanding } from "./standing";

export const PRODUCT = "image_generation";

export interface StartGenerationInput {
  accountId: string;
  userId: string;
  apiKeyId: number;
  api: Generation["api"];
  endpoint: Generation["endpoint"];
  request: ImageRequest;
  requestId: string;
  idempotencyRecordId: string | null;
}

export interface StartedGeneration {
  generation: Generation;
  /** The wallet balance right after this generation's debit (null when the wallet was not used). */
  walletBalanceMinor: number | null;
}

/** The stored parameters: ModelsLab's names, the seed actually used, and the one asked for. */
function storedParams(request: ImageRequest, seed: number): Record<string, unknown> {
  return {
    model_id: request.modelId,
    prompt: request.prompt,
    negative_prompt: request.negativePrompt,
    width: request.width,
    height: request.height,
    samples: request.samples,
    seed,
    requested_seed: request.seed,
    num_inference_steps: request.steps,
    guidance_scale: request.guidanceScale,
    safety_checker: request.safetyChecker,
    enhance_prompt: request.enhancePrompt,
    aspect_ratio: request.aspectRatio,
    track_id: request.trackId,
  };
}

/**
 * 402: neither the wallet nor the plan's quota can pay for this generation. The price and the
 * balance travel as typed cents; the generation door writes them into the answer's details.
 */
export class GenerationUnaffordable extends AppError {
  constructor(
    readonly priceMinor: number,
    readonly balanceMinor: number,
  ) {
    super(
      "insufficient_balance",
      `This generation costs ${formatUsd(priceMinor)} and the wallet holds ${formatUsd(balanceMinor)}. Fund the wallet (POST /api/agents/v1/wallet/fund) or subscribe to a plan, then retry.`,
    );
  }
}

const insufficientBalance = (priceMinor: number, balanceMinor: number) =>
  new GenerationUnaffordable(priceMinor, balanceMinor);

/**
 * One read before the transaction: a disputed or unpaid account generates nothing, whatever would
 * pay (wallet, plan quota, free); and a request that neither the balance nor the plan can cover at
 * this moment is refused without taking the wallet lock, so a burst of unaffordable requests does
 * not queue on the lock (holding pool connections) behind the ones that are paying. The debit under
 * the lock stays the authority for everything this lets through; a refusal here, or a wallet charge
 * when a plan starts concurrently, is what the request would have got had it arrived a moment
 * earlier than the concurrent change.
 */
async function standingToSpend(db: Db, accountId: string, priceMinor: number): Promise<SpendingStanding> {
  const standing = await spendingStanding(db, accountId);
  if (standing.wallet.spendingSuspendedAt) throw accountSuspended(standing.wallet);
  const { balanceMinor } = standing.wallet;
  if (priceMinor > 0 && balanceMinor < priceMinor && !standing.planHasQuota) {
    throw insufficientBalance(priceMinor, balanceMinor);
  }
  return standing;
}

export async function startGeneration(db: Db, input: StartGenerationInput): Promise<StartedGeneration> {
  const { request } = input;
  const price = quote({
    modelId: request.modelId,
    width: request.width,
    height: request.height,
    samples: request.samples,
  });

  if (input.idempotencyRecordId) {
    // A retry of a request that got as far as paying: carry on with that generation, never pay twice.
    const [existing] = await db
      .select()
      .from(generations)
      .where(eq(generations.idempotencyRecordId, input.idempotencyRecordId));
    if (existing) {
      const generation =
        existing.status === "processing"
          ? await advance(db, existing, providerOf(existing), "poll")
          : existing;
      return { generation, walletBalanceMinor: null };
    }
  }

  const seed = request.seed ?? derivedSeed(request.modelId, request.prompt);
  const provider = configuredProvider();
  let paid: StartedGeneration;
  try {
    paid = await inAccountLane(input.accountId, async () => {
      const standing = await standingToSpend(db, input.accountId, price.totalMinor);
      return db.transaction(async (tx) => {
        const fundedBy =
          price.totalMinor === 0
            ? "free"
            : standing.planUsable && (await consumePlanQuota(tx, input.accountId, 1))
              ? "plan_quota"
              : "wallet";
        const [created] = await tx
          .insert(generations)
          .values({
            accountId: input.accountId,
            userId: input.userId,
            apiKeyId: input.apiKeyId,
            api: input.api,
            endpoint: input.endpoint,
            product: PRODUCT,
            modelId: request.modelId,
            prompt: request.prompt,
            params: storedParams(request, seed),
            width: request.width,
            height: request.height,
            samples: request.samples,
            seed,
            provider: provider.name,
            fundedBy,
            priceMinor: price.totalMinor,
            chargedMinor: fundedBy === "wallet" ? price.totalMinor : 0,
            idempotencyRecordId: input.idempotencyRecordId,
            requestId: input.requestId,
          })
          .returning();
        if (!created) throw new Error("generation insert returned nothing");
        if (fundedBy !== "wallet") return { generation: created, walletBalanceMinor: null };

        const size = `${request.width}x${request.height}`;
        const { entry, wallet } = await postInTx(tx, {
          accountId: input.accountId,
          amountMinor: -price.totalMinor,
          kind: "usage",
          source: "generation",
          externalId: String(created.id),
          description: `Image generation #${created.id}: ${request.modelId} ${size}${request.samples > 1 ? ` ×${request.samples}` : ""}`,
          actor: { userId: input.userId, kind: "agent" },
          causeRef: input.idempotencyRecordId ?? input.requestId,
          metadata: {
            model_id: request.modelId,
            size,
            samples: request.samples,
            api: input.api,
            price_tier: price.tier.size,
          },
        });
        // The entry id is written with the provider's outcome, keeping the wallet lock's span short.
        return {
          generation: { ...created, debitEntryId: entry.id },
          walletBalanceMinor: wallet.balanceMinor,
        };
      });
    });
  } catch (error) {
    // The ledger's refusal, reworded with this generation's price.
    if (error instanceof InsufficientBalance) throw insufficientBalance(price.totalMinor, error.balanceMinor);
    throw error;
  }

  if (paid.generation.fundedBy === "wallet") scheduleAfterDebit(db, input.accountId);
  const generation = await advance(db, paid.generation, provider, "submit");
  return { generation, walletBalanceMinor: paid.walletBalanceMinor };
}
