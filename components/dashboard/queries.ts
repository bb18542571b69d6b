"use client";
/** The dashboard's resource hooks: the same keys the server prefetches with (lib/query/keys.ts). */
import { fetchData } from "@/lib/query/fetch-data";
import { queryKeys, type TransactionsParams } from "@/lib/query/keys";
import type {
  ApiKeyData,
  ApprovalsData,
  CardData,
  PaymentAttemptData,
  SubscriptionData,
  TeamData,
  TokenData,
  TransactionsData,
  WalletData,
} from "@/lib/query/loaders";
import { useResource } from "./data/use-resource";

export const useWallet = () => useResource(queryKeys.wallet, () => fetchData<WalletData>("wallet"));

export const useCards = () => useResource(queryKeys.cards, () => fetchData<CardData[]>("cards"));

export const usePaymentAttempts = () =>
  useResource(queryKeys.paymentAttempts, () => fetchData<PaymentAttemptData[]>("payment-attempts"));

export const useTransactions = (params: TransactionsParams) =>
  // Paging keeps the current page on screen until the next one arrives.
  useResource(queryKeys.transactions(params), () => fetchData<TransactionsData>("transactions", params), {
    keepPrevious: true,
  });

export const useApiKeys = () => useResource(queryKeys.apiKeys, () => fetchData<ApiKeyData[]>("api-keys"));

export const useTokens = () => useResource(queryKeys.tokens, () => fetchData<TokenData[]>("tokens"));

export const useSubscriptions = () =>
  useResource(queryKeys.subscriptions, () => fetchData<SubscriptionData[]>("subscriptions"));

export const useTeam = () => useResource(queryKeys.team, () => fetchData<TeamData>("team"));
export const useApprovals = () =>
  useResource(queryKeys.approvals, () => fetchData<ApprovalsData>("approvals"));
