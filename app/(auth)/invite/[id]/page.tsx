import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Notice } from "@/components/ui/notice";
import { currentHuman } from "@/lib/actions/session";
import { loadInvitation } from "@/lib/query/page-data";
import { JoinButton } from "./join-button";

export const metadata: Metadata = { title: "Team invitation", robots: { index: false } };

/**
 * The invitation email's link. Signed in with the invited address: a Join button. Signed out: sign
 * in (and come back here), or sign up, verify, and open the link again. Opening it changes nothing.
 */
export default async function InvitePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const invitation = await loadInvitation(id);
  if (!invitation) notFound();
  const human = await currentHuman();
  const here = `/invite/${invitation.inviteId}`;
  const expired = invitation.expiresAt !== null && invitation.expiresAt.getTime() <= Date.now();
  const forYou = human !== null && human.email.toLowerCase() === invitation.email;

  return (
    <>
      <h1 className="text-2xl font-semibold tracking-tight text-slate-950">Join {invitation.teamName}</h1>
      <p className="mt-1 text-sm text-slate-600">
        An invitation for <strong>{invitation.email}</strong> to join as <strong>{invitation.role}</strong>.
      </p>
      <div className="mt-5 space-y-4">
        {invitation.status === "active" ? (
          <Notice tone="success" data-testid="invite-state">
            This invitation was accepted.{" "}
            <Link href="/dashboard/team" className="font-medium underline">
              Open the team
            </Link>
          </Notice>
        ) : expired ? (
          <Notice tone="warning" data-testid="invite-state">
            This invitation has expired. Ask the team's owner or an admin to send it again.
          </Notice>
        ) : forYou ? (
          <JoinButton inviteId={invitation.inviteId} teamName={invitation.teamName} />
        ) : human ? (
          <Notice tone="warning" data-testid="invite-state">
            You are signed in as {human.email}, but this invitation is for {invitation.email}. Sign out, then
            open this link again and sign in as {invitation.email}.
          </Notice>
        ) : (
          <div className="space-y-3" data-testid="invite-signed-out">
            <p className="text-sm text-slate-700">
              Already have an Onramp account with {invitation.email}?{" "}
              <Link
                href={`/login?next=${encodeURIComponent(here)}`}
                className="font-medium text-brand-700 underline"
                data-testid="invite-sign-in"
              >
                Sign in to join
              </Link>
            </p>
            <p className="text-sm text-slate-700">
              New to Onramp?{" "}
              <Link
                href="/signup"
                className="font-medium text-brand-700 underline"
                data-testid="invite-sign-up"
              >
                Create an account with {invitation.email}
              </Link>
              , verify your email, then open this link again to join.
            </p>
          </div>
        )}
      </div>
    </>
  );
}
