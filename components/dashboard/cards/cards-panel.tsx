"use client";

import { useAction } from "@/components/dashboard/data/use-action";
import { useInvalidate } from "@/components/dashboard/data/use-resource";
import { useCards } from "@/components/dashboard/queries";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { EmptyState } from "@/components/ui/empty-state";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";
import { Skeleton } from "@/components/ui/skeleton";
import { removeCardAction, setDefaultCardAction } from "@/lib/actions/card-actions";
import { queryKeys } from "@/lib/query/keys";
import { unwrap } from "@/lib/query/unwrap";

export function CardsPanel() {
  const cards = useCards();
  const reload = useInvalidate();
  const invalidate = () => reload(queryKeys.cards);
  const makeDefault = useAction(async (id: string) => unwrap(await setDefaultCardAction({ id })), {
    onSettled: invalidate,
  });
  const remove = useAction(async (id: string) => unwrap(await removeCardAction({ id })), {
    onSettled: invalidate,
  });
  const error = makeDefault.error ?? remove.error;

  return (
    <Panel title="Saved cards" id="cards">
      {cards.isPending ? (
        <Skeleton className="h-16" />
      ) : cards.isError ? (
        <Notice tone="error">Could not load your cards: {cards.error.message}</Notice>
      ) : cards.data.length === 0 ? (
        <EmptyState title="No saved card" data-testid="cards-empty">
          Add one below. Agents can also save cards through the API.
        </EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100" data-testid="cards-list">
          {cards.data.map((card) => (
            <li
              key={card.id}
              className="flex flex-wrap items-center gap-x-3 gap-y-2 py-3"
              data-testid="card-row"
            >
              <span className="font-medium capitalize text-slate-900">{card.brand}</span>
              <span className="font-mono text-sm text-slate-800">•••• {card.last4}</span>
              <span className="text-sm text-slate-600">
                expires {String(card.exp_month).padStart(2, "0")}/{card.exp_year}
              </span>
              {card.is_default ? <Badge tone="brand">Default</Badge> : null}
              <span className="ml-auto flex flex-wrap gap-2">
                {!card.is_default ? (
                  <Button
                    variant="secondary"
                    size="sm"
                    pending={makeDefault.isPending && makeDefault.variables === card.id}
                    onClick={() => makeDefault.mutate(card.id)}
                  >
                    Make default
                    <span className="sr-only">
                      {" "}
                      {card.brand} ending {card.last4}
                    </span>
                  </Button>
                ) : null}
                <ConfirmButton
                  variant="ghost"
                  size="sm"
                  question={`Remove •••• ${card.last4}?`}
                  confirmLabel="Remove"
                  pending={remove.isPending && remove.variables === card.id}
                  onConfirm={() =>
                    remove.mutateAsync(card.id).then(
                      () => undefined,
                      () => undefined,
                    )
                  }
                >
                  Remove
                  <span className="sr-only">
                    {" "}
                    {card.brand} ending {card.last4}
                  </span>
                </ConfirmButton>
              </span>
            </li>
          ))}
        </ul>
      )}
      {error ? (
        <Notice tone="error" className="mt-3">
          {error.message}
        </Notice>
      ) : null}
    </Panel>
  );
}
