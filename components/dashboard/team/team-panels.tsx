"use client";

import { type FormEvent, useId, useState } from "react";
import { useAction } from "@/components/dashboard/data/use-action";
import { useInvalidate } from "@/components/dashboard/data/use-resource";
import { formatDate } from "@/components/dashboard/format";
import { useTeam } from "@/components/dashboard/queries";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";
import { Skeleton } from "@/components/ui/skeleton";
import {
  acceptInvitationAction,
  changeRoleAction,
  inviteMemberAction,
  removeMemberAction,
  resendInviteAction,
} from "@/lib/actions/team-actions";
import { queryKeys } from "@/lib/query/keys";
import type { TeamData } from "@/lib/query/loaders";
import { fieldErrorsOf, unwrap } from "@/lib/query/unwrap";

type Member = TeamData["members"][number];
type Role = Member["role"];

const ROLE_HELP: Record<Role, string> = {
  owner: "everything, including owners",
  admin: "everything but owners",
  member: "spends, subscribes, creates keys",
  viewer: "reads only",
};

function RoleSelect({
  value,
  onChange,
  allowOwner,
  label,
  disabled,
  testId,
}: {
  value: Role;
  onChange: (role: Role) => void;
  allowOwner: boolean;
  label: string;
  disabled?: boolean;
  testId?: string;
}) {
  const id = useId();
  const roles: Role[] = allowOwner ? ["owner", "admin", "member", "viewer"] : ["admin", "member", "viewer"];
  return (
    <span className="inline-flex items-center gap-2">
      <label htmlFor={id} className="text-sm font-medium text-slate-800">
        {label}
      </label>
      <select
        id={id}
        value={value}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value as Role)}
        className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm"
        data-testid={testId}
      >
        {roles.map((r) => (
          <option key={r} value={r}>
            {r} — {ROLE_HELP[r]}
          </option>
        ))}
      </select>
    </span>
  );
}

export function InvitePanel() {
  const team = useTeam();
  const reload = useInvalidate();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("member");
  const invite = useAction(
    async (input: { email: string; role: Role }) => unwrap(await inviteMemberAction(input)),
    {
      onSuccess: () => {
        setEmail("");
        return reload(queryKeys.team);
      },
    },
  );
  if (!team.data?.canManage) return null;

  function submit(event: FormEvent) {
    event.preventDefault();
    invite.mutate({ email, role });
  }

  return (
    <Panel
      title="Invite someone"
      description="They get an email with a link to join (signing up first if they are new). Agents accept with the invite id in the email."
      id="invite"
    >
      <form onSubmit={submit} className="flex flex-wrap items-end gap-3" noValidate>
        <Field
          className="min-w-0 flex-1 basis-64"
          label="Email"
          type="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          errors={fieldErrorsOf(invite.error, "email")}
          data-testid="invite-email"
          required
        />
        <RoleSelect
          label="Role"
          value={role}
          onChange={setRole}
          allowOwner={team.data.role === "owner"}
          testId="invite-role"
        />
        <Button type="submit" pending={invite.isPending} pendingLabel="Sending…" data-testid="invite-submit">
          Send invitation
        </Button>
      </form>
      {invite.isSuccess ? (
        <Notice tone="success" className="mt-3" data-testid="invite-sent">
          Invitation sent to {invite.data.email}.
        </Notice>
      ) : null}
      {invite.isError && !fieldErrorsOf(invite.error, "email") ? (
        <Notice tone="error" className="mt-3">
          {invite.error.message}
        </Notice>
      ) : null}
    </Panel>
  );
}

function MemberRow({ member, data }: { member: Member; data: TeamData }) {
  const reload = useInvalidate();
  const invalidate = () => reload(queryKeys.team);
  const changeRole = useAction(
    async (role: Role) => unwrap(await changeRoleAction({ id: member.id, role })),
    { onSettled: invalidate },
  );
  const resend = useAction(async () => unwrap(await resendInviteAction({ id: member.id })), {
    onSettled: invalidate,
  });
  const remove = useAction(async () => unwrap(await removeMemberAction({ id: member.id })), {
    onSettled: invalidate,
  });
  // Not your own row: leaving or demoting yourself is for another owner or admin to do.
  const mayTouch =
    data.canManage && member.email !== data.yourEmail && (member.role !== "owner" || data.role === "owner");
  const who = member.name ?? member.email;
  const error = changeRole.error ?? resend.error ?? remove.error;

  return (
    <li className="py-3" data-testid="member-row" data-email={member.email} data-status={member.status}>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
        <span className="min-w-0">
          <span className="block font-medium text-slate-900">{who}</span>
          {member.name ? <span className="block text-sm text-slate-600">{member.email}</span> : null}
        </span>
        {member.status === "pending" ? (
          <Badge tone="warning">Invitation pending</Badge>
        ) : (
          <Badge tone="success">Active</Badge>
        )}
        <span className="ml-auto flex flex-wrap items-center gap-2">
          {mayTouch ? (
            <RoleSelect
              label={`Role of ${who}`}
              value={member.role}
              onChange={(role) => changeRole.mutate(role)}
              allowOwner={data.role === "owner"}
              disabled={changeRole.isPending}
              testId="member-role"
            />
          ) : (
            <Badge tone="neutral">{member.role}</Badge>
          )}
          {mayTouch && member.status === "pending" ? (
            <Button
              variant="ghost"
              size="sm"
              pending={resend.isPending}
              onClick={() => resend.mutate()}
              data-testid="member-resend"
            >
              Resend<span className="sr-only"> the invitation to {member.email}</span>
            </Button>
          ) : null}
          {mayTouch ? (
            <ConfirmButton
              variant="ghost"
              size="sm"
              question={
                member.status === "pending"
                  ? "Cancel this invitation?"
                  : `Remove ${who}? Their tokens stop at once.`
              }
              confirmLabel={member.status === "pending" ? "Cancel invitation" : "Remove"}
              pending={remove.isPending}
              onConfirm={() =>
                remove.mutateAsync().then(
                  () => undefined,
                  () => undefined,
                )
              }
              data-testid="member-remove"
            >
              Remove<span className="sr-only"> {who}</span>
            </ConfirmButton>
          ) : null}
        </span>
        <p className="basis-full text-xs text-slate-600">
          {member.status === "pending"
            ? `Invited ${formatDate(member.invited_at)} · expires ${formatDate(member.invite_expires_at)}`
            : `Joined ${formatDate(member.joined_at)}`}
        </p>
      </div>
      {resend.isSuccess ? <Notice tone="success">Invitation sent again.</Notice> : null}
      {error ? <Notice tone="error">{error.message}</Notice> : null}
    </li>
  );
}

export function MembersPanel() {
  const team = useTeam();
  return (
    <Panel title="Members and invitations" id="members">
      {team.isPending ? (
        <Skeleton className="h-24" />
      ) : team.isError ? (
        <Notice tone="error" data-testid="team-error">
          Could not load the team: {team.error.message}
        </Notice>
      ) : team.data.members.length <= 1 ? (
        <>
          <EmptyState title="Just you so far" data-testid="team-empty">
            {team.data.canManage
              ? "Invite teammates and agents above: they share this account's wallet, cards and subscriptions."
              : "Nobody else is in this account yet."}
          </EmptyState>
          <ul className="divide-y divide-slate-100" data-testid="members-list">
            {team.data.members.map((m) => (
              <MemberRow key={m.id} member={m} data={team.data} />
            ))}
          </ul>
        </>
      ) : (
        <ul className="divide-y divide-slate-100" data-testid="members-list">
          {team.data.members.map((m) => (
            <MemberRow key={m.id} member={m} data={team.data} />
          ))}
        </ul>
      )}
    </Panel>
  );
}

export function InvitationsForYouPanel() {
  const team = useTeam();
  const accept = useAction(
    async (inviteId: string) => unwrap(await acceptInvitationAction({ invite_id: inviteId })),
    {
      // The session now acts for the team: reload so every panel and the switcher follow.
      onSuccess: () => window.location.assign("/dashboard/team"),
    },
  );
  const invitations = team.data?.invitationsForYou ?? [];
  if (invitations.length === 0) return null;
  return (
    <Panel title="Invitations for you" id="invitations-for-you">
      <ul className="divide-y divide-slate-100">
        {invitations.map((i) => (
          <li
            key={i.inviteId}
            className="flex flex-wrap items-center gap-3 py-3"
            data-testid="invitation-for-you"
          >
            <span className="font-medium text-slate-900">{i.teamName}</span>
            <Badge tone="brand">{i.role}</Badge>
            <span className="text-xs text-slate-600">Invited {formatDate(i.invitedAt)}</span>
            <Button
              className="ml-auto"
              size="sm"
              pending={accept.isPending && accept.variables === i.inviteId}
              onClick={() => accept.mutate(i.inviteId)}
            >
              Join {i.teamName}
            </Button>
          </li>
        ))}
      </ul>
      {accept.isError ? <Notice tone="error">{accept.error.message}</Notice> : null}
    </Panel>
  );
}
