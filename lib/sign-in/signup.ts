import { and, eq, isNull, sql } from "drizzle-orm";
import { insertUserWithPersonalAccount } from "@/lib/accounts/create-user";
import { uniqueViolation } from "@/lib/accounts/unique-violation";
import { proposeUsername, usernameBase } from "@/lib/accounts/usernames";
import { findUserByEmail, normalizeEmail } from "@/lib/accounts/users";
import { hashPassword, verifyPassword } from "@/lib/auth/passwords";
import type { Db, DbOrTx } from "@/lib/db/client";
import { type User, users } from "@/lib/db/schema";
import { env } from "@/lib/env";
import type { MailMessage } from "@/lib/mail/message";
import { mayMail } from "@/lib/mail/recent-sends";
import { sendMail } from "@/lib/mail/send-mail";
import { signupAttemptEmail } from "@/lib/mail/templates/signup-attempt";
import { answerNoSoonerThanFloor } from "./uniform-timing";
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
 * Every code goes to the same mailbox, so its owner cannot tell which signup a code came from: if
 * a repeated signup replaced the password, or verifying with code N set the password of signup N,
 * anyone could post the owner's address with their own password after the owner signed up, and the
 * newest code in the owner's inbox would verify the account with the stranger's password. Keeping
 * the first password closes that order, but not the other one: a stranger who registers the
 * address first and waits for its owner to sign up and verify. So a repeated signup with a
 * *different* password marks the pending password contested, and verifying a contested account
 * keeps no password at all (lib/sign-in/verify-email.ts): whoever holds the mailbox is signed in
 * by the code (API) and sets a password with forgot-password; neither signup's password works. A
 * repeated signup with the same password (a double submit) changes nothing.
 * Email goes out after the transaction commits.
 */
export async function signup(db: Db, input: SignupInput): Promise<SignupResult> {
  const email = normalizeEmail(input.email);
  const name = input.name?.trim() || email.split("@")[0] || email;
  await answerNoSoonerThanFloor(async () => {
    const passwordHash = await hashPassword(input.password);
    const mail = await createOrNotify(db, { email, name, password: input.password, passwordHash });
    if (mail) await sendMail(db, mail);
  });

  return { user: { name, email, verified: false } };
}

async function createOrNotify(
  db: Db,
  input: { email: string; name: string; password: string; passwordHash: string },
): Promise<MailMessage | null> {
  const base = usernameBase(input.name, input.email);
  for (let attempt = 0; attempt < 4; attempt++) {
    const existing = await findUserByEmail(db, input.email);
    if (existing) {
      // Checked before the transaction: argon2 work must not hold a connection.
      const samePassword =
        !existing.verifiedAt && (await verifyPassword(existing.passwordHash, input.password));
      return db.transaction((tx) => mailForExisting(tx, existing, samePassword));
    }
    const username = await proposeUsername(db, base);
    try {
      return await db.transaction(async (tx) => {
        const user = await insertUserWithPersonalAccount(tx, {
          email: input.email,
          name: input.name,
          passwordHash: input.passwordHash,
          username,
        });
        return prepareVerificationMail(tx, user);
      });
    } catch (error) {
      // A concurrent signup took the email (next loop finds it) or the username (next loop picks another).
      if (uniqueViolation(error) === null) throw error;
    }
  }
  throw new Error("signup: could not allocate a username");
}

async function mailForExisting(tx: DbOrTx, user: User, samePassword: boolean): Promise<MailMessage | null> {
  if (!user.verifiedAt) {
    if (!samePassword) {
      await tx
        .update(users)
        .set({ pendingPasswordContestedAt: sql`coalesce(${users.pendingPasswordContestedAt}, now())` })
        .where(and(eq(users.id, user.id), isNull(users.verifiedAt)));
    }
    return prepareVerificationMail(tx, user, {
      repeatedSignup: samePassword ? "same-password" : "other-password",
    });
  }
  if (!(await mayMail(tx, { to: user.email, template: SIGNUP_ATTEMPT_TEMPLATE }))) return null;
  return {
    to: user.email,
    template: SIGNUP_ATTEMPT_TEMPLATE,
    ...signupAttemptEmail({ appUrl: env().appUrl }),
  };
}
