import nodemailer, { type Transporter } from "nodemailer";

const transports = new Map<string, Transporter>();

/** One pooled transport per SMTP_URL for the life of the process. */
export function smtpTransport(url: string): Transporter {
  let transport = transports.get(url);
  if (!transport) {
    transport = nodemailer.createTransport(url);
    transports.set(url, transport);
  }
  return transport;
}

/** Tests point SMTP_URL at a new server per suite; this drops the cached connections. */
export function closeSmtpTransports(): void {
  for (const transport of transports.values()) transport.close();
  transports.clear();
}
