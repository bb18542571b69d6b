"use client";

import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";
import { updateProfileAction } from "@/lib/actions/settings-actions";
import { fieldErrorsOf } from "@/lib/query/unwrap";
import { useActionForm } from "./use-action-form";

export function ProfileForm({
  profile,
}: {
  profile: { name: string; username: string; email: string; aboutMe: string | null };
}) {
  const save = useActionForm(updateProfileAction);
  return (
    <Panel title="Profile" description={`Signed in as ${profile.email}.`} id="profile">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(e.currentTarget);
        }}
        className="space-y-4"
        noValidate
      >
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            label="Name"
            name="name"
            autoComplete="name"
            defaultValue={profile.name}
            errors={fieldErrorsOf(save.error, "name")}
          />
          <Field
            label="Username"
            name="username"
            autoComplete="username"
            defaultValue={profile.username}
            hint="Lowercase letters, digits and underscores."
            errors={fieldErrorsOf(save.error, "username")}
          />
        </div>
        <div>
          <label htmlFor="about_me" className="block text-sm font-medium text-slate-800">
            About
          </label>
          <textarea
            id="about_me"
            name="about_me"
            rows={3}
            maxLength={1000}
            defaultValue={profile.aboutMe ?? ""}
            className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
          />
        </div>
        <Button type="submit" variant="secondary" pending={save.isPending} pendingLabel="Saving…">
          Save profile
        </Button>
        {save.isSuccess ? <Notice tone="success">Profile saved.</Notice> : null}
        {save.isError ? <Notice tone="error">{save.error.message}</Notice> : null}
      </form>
    </Panel>
  );
}
