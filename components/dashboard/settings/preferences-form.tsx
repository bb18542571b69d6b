"use client";

import { useAction } from "@/components/dashboard/data/use-action";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";
import { signOutOtherBrowsersAction } from "@/lib/actions/auth-actions";
import { updatePreferencesAction } from "@/lib/actions/settings-actions";
import { useActionForm } from "./use-action-form";

export function PreferencesForm({ nsfwContent }: { nsfwContent: boolean }) {
  const save = useActionForm(updatePreferencesAction);
  const others = useAction(() => signOutOtherBrowsersAction());
  return (
    <Panel title="Preferences and sessions" id="preferences">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(e.currentTarget);
        }}
        className="space-y-4"
        noValidate
      >
        <label className="flex items-center gap-2 text-sm text-slate-800">
          <input type="checkbox" name="nsfw_content" defaultChecked={nsfwContent} />
          Allow NSFW content in generations
        </label>
        <Button type="submit" variant="secondary" pending={save.isPending} pendingLabel="Saving…">
          Save preferences
        </Button>
        {save.isSuccess ? <Notice tone="success">Preferences saved.</Notice> : null}
        {save.isError ? <Notice tone="error">{save.error.message}</Notice> : null}
      </form>
      <div className="mt-5 border-t border-slate-100 pt-4">
        <p className="text-sm text-slate-700">Signed in on another computer you no longer use?</p>
        <Button
          className="mt-2"
          variant="secondary"
          pending={others.isPending}
          pendingLabel="Signing out…"
          onClick={() => others.mutate()}
        >
          Sign out other browsers
        </Button>
        {others.data?.status === "done" ? (
          <Notice tone="success" className="mt-2">
            Signed out {others.data.count ?? 0} other browser session{others.data.count === 1 ? "" : "s"}.
          </Notice>
        ) : null}
        {others.data?.status === "error" ? (
          <Notice tone="error" className="mt-2">
            {others.data.message}
          </Notice>
        ) : null}
      </div>
    </Panel>
  );
}
