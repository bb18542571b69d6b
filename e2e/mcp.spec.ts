import { randomBytes } from "node:crypto";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { expect, test } from "@playwright/test";

type Payload = { data: any; error: { code: string; message: string } | null; meta: { status: number } };

async function connect(baseURL: string, headers: Record<string, string> = {}) {
  const client = new Client({ name: "e2e", version: "1.0.0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL("/mcp/agents", baseURL), { requestInit: { headers } }),
  );
  const call = async (name: string, args: Record<string, unknown>): Promise<Payload> => {
    const result = (await client.callTool({ name, arguments: args })) as { content: { text: string }[] };
    return JSON.parse(result.content[0]!.text);
  };
  return { client, call };
}

test("the MCP server over HTTP on the running app: sign up, verify, fund, balance; GET is 405 (stateless)", async ({
  baseURL,
  request,
}) => {
  const email = `mcp-${randomBytes(5).toString("hex")}@example.com`;
  const anonymous = await connect(baseURL!);
  expect((await anonymous.client.listTools()).tools).toHaveLength(10);
  expect(
    (await anonymous.call("agent-auth", { action: "signup", email, password: "secret123" })).meta.status,
  ).toBe(201);
  const mail = await (await request.get(`/dev/mailbox/messages?to=${encodeURIComponent(email)}`)).json();
  const code = /Verification code: (\S+)/.exec(mail.data[0]?.text ?? "")?.[1];
  const verified = await anonymous.call("agent-auth", { action: "verify", verification_code: code });
  expect(verified.error).toBeNull();
  await anonymous.client.close();

  const agent = await connect(baseURL!, { "X-Agent-Token": verified.data.access_token });
  const config = (await agent.call("agent-billing", { action: "stripe-config" })).data;
  const pm = await request.post(`${config.api_base}/v1/payment_methods`, {
    headers: { Authorization: `Basic ${Buffer.from(`${config.publishable_key}:`).toString("base64")}` },
    form: {
      type: "card",
      "card[number]": "4242424242424242",
      "card[exp_month]": "12",
      "card[exp_year]": "2030",
      "card[cvc]": "123",
    },
  });
  const funded = await agent.call("agent-wallet", {
    action: "fund",
    amount: 25,
    payment_method_id: (await pm.json()).id,
  });
  expect(funded.error).toBeNull();
  expect((await agent.call("agent-wallet", { action: "balance" })).data.balance).toBe(25);
  await agent.client.close();

  const get = await request.get("/mcp/agents", { headers: { Accept: "text/event-stream" } });
  expect(get.status()).toBe(405);
  expect(get.headers().allow).toBe("POST");
});
