/** `GET /me` and the answers of `PATCH /me*`: the contract's field names, USD, ISO dates. */
import { minorToUsd } from "@/lib/money";
import type { Profile } from "@/lib/profile/profile";

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function presentProfile(profile: Profile) {
  const { preferences } = profile;
  return {
    id: profile.id,
    name: profile.name,
    email: profile.email,
    username: profile.username,
    verified: profile.verifiedAt !== null,
    email_verified_at: iso(profile.verifiedAt),
    about_me: profile.aboutMe,
    socials: profile.socials,
    preferences: {
      nsfw_content: preferences.nsfwContent,
      wallet_notification_enabled: preferences.walletNotificationEnabled,
      wallet_notification_threshold:
        preferences.walletNotificationThresholdMinor === null
          ? null
          : minorToUsd(preferences.walletNotificationThresholdMinor),
    },
    created_at: profile.createdAt.toISOString(),
    updated_at: profile.updatedAt.toISOString(),
    account: profile.account,
    /** Which account this token acts for: every wallet, billing, subscription and key route works on it. */
    acting_account: profile.account,
    /** Where POST /auth/switch-account can go (account_username or team_member_id). */
    accounts: profile.accounts.map((a) => ({
      id: a.id,
      username: a.username,
      name: a.name,
      kind: a.kind,
      role: a.role,
      personal: a.personal,
      team_member_id: a.teamMemberId,
    })),
    wallet_balance: minorToUsd(profile.wallet.balanceMinor),
    currency: profile.wallet.currency,
  };
}
