import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";

const API = "/api/agents/v1";
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

test("the seed's five calls against the running app: nothing to a generated image, paid once from the wallet", async ({
  request,
}) => {
  const email = `gen-${randomBytes(5).toString("hex")}@example.com`;

  // 1. Create the account.
  const signup = await request.post(`${API}/auth/signup`, {
    data: { email, password: "secret123", name: "Agent Runner" },
  });
  expect(signup.status()).toBe(201);

  // 2. Verify the email with the code from it: access_token and api_key come back.
  const mail = await (await request.get(`/dev/mailbox/messages?to=${encodeURIComponent(email)}`)).json();
  const code = /Verification code: (\S+)/.exec(mail.data[0].text)?.[1];
  const verified = await request.post(`${API}/auth/verify-email`, { data: { verification_code: code } });
  expect(verified.status()).toBe(200);
  const { access_token, api_key } = (await verified.json()).data;
  const auth = { Authorization: `Bearer ${access_token}` };

  // 3. Tokenize the card at Stripe's API base with the publishable key, as `curl --user pk:` does.
  const config = (await (await request.get(`${API}/billing/stripe-config`, { headers: auth })).json()).data;
  const tokenized = await request.post(`${config.api_base}/v1/payment_methods`, {
    headers: { Authorization: `Basic ${Buffer.from(`${config.publishable_key}:`).toString("base64")}` },
    form: {
      type: "card",
      "card[number]": "4242424242424242",
      "card[exp_month]": "12",
      "card[exp_year]": "2027",
      "card[cvc]": "123",
    },
  });
  expect(tokenized.status()).toBe(200);
  const pm = (await tokenized.json()).id as string;

  // 4. Fund the wallet.
  const funded = await request.post(`${API}/wallet/fund`, {
    headers: auth,
    data: { amount: 25, payment_method_id: pm },
  });
  expect(funded.status()).toBe(200);
  expect((await funded.json()).data.balance).toBe(25);

  // 5. Generate with the api_key from step 2: the seed's request, verbatim.
  const generated = await request.post("/api/v6/images/text2img", {
    headers: { "Content-Type": "application/json" },
    data: {
      key: api_key,
      model_id: "flux",
      prompt: "A futuristic cityscape at sunset",
      width: 1024,
      height: 1024,
    },
  });
  expect(generated.status()).toBe(200);
  const body = await generated.json();
  expect(body.status).toBe("success");
  expect(body.output).toHaveLength(1);

  // The output URL serves a PNG.
  const image = await request.get(body.output[0]);
  expect(image.status()).toBe(200);
  expect(image.headers()["content-type"]).toBe("image/png");
  const bytes = await image.body();
  expect([...bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  expect(bytes.readUInt32BE(16)).toBe(1024);
  expect(bytes.readUInt32BE(20)).toBe(1024);

  // The balance dropped by exactly the price, once.
  const price = body.billing.price as number;
  expect(price).toBeGreaterThan(0);
  const balance = (await (await request.get(`${API}/wallet/balance`, { headers: auth })).json()).data.balance;
  expect(Math.round(balance * 100)).toBe(2500 - Math.round(price * 100));
  const transactions = (
    await (await request.get(`${API}/wallet/transactions?type=debit`, { headers: auth })).json()
  ).data;
  expect(transactions.items).toHaveLength(1);
  expect(transactions.items[0]).toMatchObject({
    usecase: "api_usage",
    amount: price,
    transaction_id: String(body.id),
  });

  // Usage says the same.
  const usage = (await (await request.get(`${API}/usage/summary`, { headers: auth })).json()).data;
  expect(usage).toMatchObject({
    total_calls: 1,
    successful_calls: 1,
    credits_used: price,
    credits_remaining: balance,
  });

  // A bad key is a 401 in ModelsLab's error shape, never a 2xx carrying an error.
  const bad = await request.post("/api/v6/images/text2img", {
    data: { key: "onr_ak_wrong", model_id: "flux", prompt: "x" },
  });
  expect(bad.status()).toBe(401);
  expect(await bad.json()).toMatchObject({ status: "error", code: "unauthenticated" });
});
