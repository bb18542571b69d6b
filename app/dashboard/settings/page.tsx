import type { Metadata } from "next";
import { PageHeader } from "@/components/dashboard/page-header";
import { ApprovalPolicyForm } from "@/components/dashboard/settings/approval-policy-form";
import { type BillingInfo, BillingInfoForm } from "@/components/dashboard/settings/billing-info-form";
import { PasswordForm } from "@/components/dashboard/settings/password-form";
import { PreferencesForm } from "@/components/dashboard/settings/preferences-form";
import { ProfileForm } from "@/components/dashboard/settings/profile-form";
import { humanOrRedirect } from "@/lib/actions/session";
import { can } from "@/lib/auth/permissions";
import { isAppError } from "@/lib/errors";
import { loadApprovalPolicy, loadBillingInfo, loadProfile } from "@/lib/query/page-data";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const human = await humanOrRedirect();
  const profile = await loadProfile(human);
  const policy = await loadApprovalPolicy(human);
  let billing: BillingInfo | null = null;
  let billingError: string | null = null;
  try {
    billing = await loadBillingInfo(human);
  } catch (error) {
    // Stripe unreachable: the rest of the page still works.
    billingError = isAppError(error)
      ? error.message
      : "Billing details are unavailable right now. Try again later.";
  }
  return (
    <>
      <PageHeader title="Settings" description="Your profile, password and billing details." />
      <div className="space-y-6">
        <ProfileForm
          profile={{
            name: profile.name,
            username: profile.username,
            email: profile.email,
            aboutMe: profile.aboutMe,
          }}
        />
        <PasswordForm />
        <PreferencesForm nsfwContent={profile.preferences.nsfwContent} />
        <BillingInfoForm info={billing} error={billingError} />
        <ApprovalPolicyForm policy={policy} canEdit={can(human.role, "manage_policy")} />
      </div>
    </>
  );
}
