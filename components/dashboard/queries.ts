"use client";
/** The dashboard's useQuery hooks: the same keys the server prefetches with (lib/query/keys.ts). */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { fetchData } from "@/lib/query/fetch-data";
import { queryKeys, type TransactionsParams } from "@/lib/query/keys";
import type {
  ApiKeyData,
  ApprovalsData,
  CardData,
  PaymentAttemptData,
  SubscriptionData,
  TokenData,
  TransactionsData,
  WalletData,
} from "@/lib/query/loaders";

export const useWallet = () =>
  useQuery({ queryKey: queryKeys.wallet, queryFn: () => fetchData<WalletData>("wallet") });

export const useCards = () =>
  useQuery({ queryKey: queryKeys.cards, queryFn: () => fetchData<CardData[]>("cards") });

export const usePaymentAttempts = () =>
  useQuery({
    queryKey: queryKeys.paymentAttempts,
    queryFn: () => fetchData<PaymentAttemptData[]>("payment-attempts"),
  });

export const useTransactions = (params: TransactionsParams) =>
  useQuery({
    queryKey: queryKeys.transactions(params),
    queryFn: () => fetchData<TransactionsData>("transactions", params),
    // Paging keeps the current page on screen until the next one arrives.
    placeholderData: keepPreviousData,
  });

export const useApiKeys = () =>
  useQuery({ queryKey: queryKeys.apiKeys, queryFn: () => fetchData<ApiKeyData[]>("api-keys") });

export const useTokens = () =>
  useQuery({ queryKey: queryKeys.tokens, queryFn: () => fetchData<TokenData[]>("tokens") });

export const useSubscriptions = () =>
  useQuery({
    queryKey: queryKeys.subscriptions,
    queryFn: () => fetchData<SubscriptionData[]>("subscriptions"),
  });

export const useApprovals = () =>
  useQuery({ queryKey: queryKeys.approvals, queryFn: () => fetchData<ApprovalsData>("approvals") });
