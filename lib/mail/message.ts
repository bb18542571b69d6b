/** What a template produces and the mail layer sends: always both a text and an HTML part. */
export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

export interface MailMessage extends MailContent {
  to: string;
  /** Which template made it (for the outbox, logs and per-address send caps). */
  template: string;
}
