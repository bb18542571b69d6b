"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { acceptInvitationAction } from "@/lib/actions/team-actions";

export function JoinButton({ inviteId, teamName }: { inviteId: string; teamName: string }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function join() {
    setPending(true);
    setError(null);
    const result = await acceptInvitationAction({ invite_id: inviteId });
    if (result.ok) {
      // The session now acts for the team.
      window.location.assign("/dashboard/team");
      return;
    }
    setError(result.message);
    setPending(false);
  }

  return (
    <div className="space-y-3">
      <Button onClick={() => void join()} pending={pending} pendingLabel="Joining…" data-testid="invite-join">
        Join {teamName}
      </Button>
      {error ? <Notice tone="error">{error}</Notice> : null}
    </div>
  );
}
