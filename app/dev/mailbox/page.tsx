import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { devPagesOpenTo } from "@/lib/http/dev-access";
import type { MailboxMessage } from "@/lib/mail/mailbox";
import { mailboxMessages } from "@/lib/query/public-pages";

export const metadata: Metadata = { title: "Local mailbox", robots: { index: false } };

const URL_PATTERN = /(https?:\/\/[^\s<>"]+)/g;

/** Plain-text body with its links clickable (verification and reset links are the point of this page). */
function Linkified({ text }: { text: string }) {
  const parts = text.split(URL_PATTERN);
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one immutable string
          <a key={i} href={part} className="text-brand-700 underline break-all">
            {part}
          </a>
        ) : (
          part
        ),
      )}
    </>
  );
}

function Message({ message, open }: { message: MailboxMessage; open: boolean }) {
  return (
    <li id={`m-${message.id}`} className="rounded-lg border border-slate-200 bg-white shadow-sm">
      <details open={open}>
        <summary className="flex cursor-pointer flex-wrap items-baseline justify-between gap-x-4 gap-y-1 px-4 py-3">
          <span className="font-semibold text-slate-950">{message.subject}</span>
          <span className="text-sm text-slate-600">
            to{" "}
            <Link href={`/dev/mailbox?to=${encodeURIComponent(message.to)}`} className="underline">
              {message.to}
            </Link>{" "}
            ·{" "}
            <time dateTime={message.created_at}>{message.created_at.replace("T", " ").slice(0, 19)} UTC</time>
          </span>
        </summary>
        <div className="border-t border-slate-200 px-4 py-3">
          <pre className="whitespace-pre-wrap break-words font-mono text-sm text-slate-800">
            <Linkified text={message.text} />
          </pre>
          <details className="mt-3">
            <summary className="cursor-pointer text-sm font-medium text-slate-700">HTML version</summary>
            <iframe
              title={`HTML version of “${message.subject}”`}
              srcDoc={message.html}
              sandbox=""
              className="mt-2 h-96 w-full rounded border border-slate-200"
            />
          </details>
        </div>
      </details>
    </li>
  );
}

/** /dev/mailbox — the emails Onramp would have sent, newest first (local mode, this machine only). */
export default async function MailboxPage({
  searchParams,
}: {
  searchParams: Promise<{ to?: string | string[] }>;
}) {
  await connection();
  if (!devPagesOpenTo(await headers())) notFound();
  const raw = (await searchParams).to;
  const to = (Array.isArray(raw) ? raw[0] : raw)?.trim() || undefined;
  const messages = await mailboxMessages({ to, limit: 100 });
  const json = `/dev/mailbox/messages${to ? `?to=${encodeURIComponent(to)}` : ""}`;

  return (
    <div className="mx-auto max-w-4xl px-4 py-10 sm:px-6">
      <h1 className="text-2xl font-bold tracking-tight text-slate-950">Local mailbox</h1>
      <p className="mt-2 text-slate-700">
        With no <code>SMTP_URL</code> set, Onramp keeps its emails here instead of sending them. Agents read
        the same messages as JSON at{" "}
        <a href={json} className="text-brand-700 underline">
          <code>{json}</code>
        </a>
        .
      </p>
      <form method="get" action="/dev/mailbox" className="mt-6 flex flex-wrap items-end gap-2">
        <label className="flex flex-col text-sm font-medium text-slate-700">
          Recipient
          <input
            type="email"
            name="to"
            defaultValue={to ?? ""}
            placeholder="agent@example.com"
            className="mt-1 w-72 rounded-md border border-slate-300 px-3 py-2 text-sm font-normal"
          />
        </label>
        <button
          type="submit"
          className="rounded-md bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-700"
        >
          Filter
        </button>
        {to ? (
          <Link href="/dev/mailbox" className="px-2 py-2 text-sm text-slate-700 underline">
            Show all
          </Link>
        ) : null}
      </form>
      {messages.length === 0 ? (
        <p className="mt-8 rounded-lg border border-dashed border-slate-300 p-6 text-slate-600">
          No messages{to ? ` to ${to}` : ""} yet.
        </p>
      ) : (
        <ol className="mt-8 space-y-3" aria-label="Messages, newest first">
          {messages.map((message, i) => (
            <Message key={message.id} message={message} open={i === 0} />
          ))}
        </ol>
      )}
    </div>
  );
}
