import { hashPassword } from "@/lib/auth/passwords";
import { answerNoSoonerThanFloor } from "@/lib/auth/uniform-timing";
import type { Db, DbOrTx } from "@/lib/db/client";
import type { User } from "@/lib/db/schema";
import { env } from "@/lib/env";
import type { MailMessage } from "@/lib/mail/message";
import { mayMail } from "@/lib/mail/recent-sends";
import { sendMail } from "@/lib/mail/send-mail";
import { signupAttemptEmail } from "@/lib/mail/templates/signup-attempt";
import { insertUserWithPersonalAccount } from "./create-user";
import { uniqueViolation } from "./unique-violation";
import { proposeUsername, usernameBase } from "./usernames";
import { findUserByEmail, normalizeEmail } from "./users";
import { prepareVerificationMail } from "./verification-mail";

export interface SignupInput {
  email: string;
  password: string;
  name?: string | undefined;
}

export interface SignupResult {
  /**
   * Deliberately without id or username: any server-generated identifier would let a caller who
   * signs up twice tell a new address from a taken one. Both come with the verify/login response.
   */
  user: { name: string; email: string; verified: false };
  message: string;
}

const SIGNUP_ATTEMPT_TEMPLATE = "signup-attempt";

/**
 * Creates the user, their personal account and owner membership, and emails a verification code.
 * An address that already has an account gets the same answer (no enumeration) and the same
 * password-hashing work; its owner is mailed instead:
 * - verified account: a "someone tried to sign up" notice; nothing changes;
 * - unverified account: a fresh code (within the hourly mail cap) for the same pending account,
 *   whose password and name never change.
 *
 * Why the first password stays rather than the latest, or one bound to each code: every code goes
 * to the same mailbox, so its owner cannot tell which signup a code came from. If a repeated signup
 * replaced the password, or if verifying with code N set the password of signup N, anyone could
 * post the owner's address with their own password a few times after the owner signed up, and
 * the newest code in the owner's inbox would then verify the account with the stranger's password
 * (an account takeover). Keeping the first password means a pending account is only ever verified
 * with the password its first signup chose. The price falls on someone who signs up again having
 * forgotten that password, or whose address a stranger registered first: the repeated-signup email
 * says so, and forgot-password (which works before verification too) sets a new one; a reset with
 * revoke_api_keys also removes any key made in the meantime.
 * Email goes out after the transaction commits.
 */
export async function signup(db: Db, input: SignupInput): Promise<SignupResult> {
  const email = normalizeEmail(input.email);
  const name = input.name?.trim() || email.split("@")[0] || email;
  await answerNoSoonerThanFloor(async () => {
    const passwordHash = await hashPassword(input.password);
    const mail = await createOrNotify(db, { email, name, passwordHash });
    if (mail) await sendMail(db, mail);
  });

  return {
    user: { name, email, verified: false },
    message: `Check ${email} for a verification code, then POST it to /api/agents/v1/auth/verify-email as {"verification_code": "…"}. The code is valid for 24 hours.`,
  };
}

async function createOrNotify(
  db: Db,
  input: { email: string; name: string; passwordHash: string },
): Promise<MailMessage | null> {
  const base = usernameBase(input.name, input.email);
  for (let attempt = 0; attempt < 4; attempt++) {
    const existing = await findUserByEmail(db, input.email);
    if (existing) return db.transaction((tx) => mailForExisting(tx, existing));
    const username = await proposeUsername(db, base);
    try {
      return await db.transaction(async (tx) => {
        const user = await insertUserWithPersonalAccount(tx, { ...input, username });
        return prepareVerificationMail(tx, user);
      });
    } catch (error) {
      // A concurrent signup took the email (next loop finds it) or the username (next loop picks another).
      if (uniqueViolation(error) === null) throw error;
    }
  }
  throw new Error("signup: could not allocate a username");
}

async function mailForExisting(tx: DbOrTx, user: User): Promise<MailMessage | null> {
  if (!user.verifiedAt) return prepareVerificationMail(tx, user, { repeatedSignup: true });
  if (!(await mayMail(tx, { to: user.email, template: SIGNUP_ATTEMPT_TEMPLATE }))) return null;
  return {
    to: user.email,
    template: SIGNUP_ATTEMPT_TEMPLATE,
    ...signupAttemptEmail({ appUrl: env().appUrl }),
  };
}
