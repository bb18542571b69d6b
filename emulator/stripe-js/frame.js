/*
 * Inside the card / payment Element iframe (emulator origin). Holds the card fields, validates
 * them the way Elements does (validation_error codes of spec §3.3), and — when the page asks —
 * creates the PaymentMethod or token itself, answering with the object only. Card numbers never
 * leave this frame except towards the emulator's own API.
 */
(() => {
  const params = new URLSearchParams(window.location.search);
  const elementType = params.get("type") || "card";
  const frameId = params.get("id") || "";
  const parentOrigin = params.get("origin") || "*";
  const key = params.get("key") || "";
  let options = {};
  try {
    options = JSON.parse(params.get("options") || "{}");
  } catch {
    options = {};
  }

  const $ = (id) => document.querySelector(`[data-testid="${id}"]`);
  const number = $("card-number");
  const expiry = $("card-expiry");
  const cvc = $("card-cvc");
  const postal = $("card-postal");
  const postalWrap = document.getElementById("postal-wrap");
  const country = $("card-country");
  const errorBox = $("card-error");

  function post(type, payload, requestId) {
    window.parent.postMessage({ __stripeEmulator: true, frameId, type, payload, requestId }, parentOrigin);
  }

  function brandOf(n) {
    const p2 = Number(n.slice(0, 2));
    const p3 = Number(n.slice(0, 3));
    const p4 = Number(n.slice(0, 4));
    if (n.startsWith("4")) return "visa";
    if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) return "mastercard";
    if (p2 === 34 || p2 === 37) return "amex";
    if (n.startsWith("6011") || p2 === 65 || (p3 >= 644 && p3 <= 649)) return "discover";
    if (p2 === 62) return "unionpay";
    if (p2 === 36 || p2 === 38 || p2 === 30) return "diners";
    if (p2 === 35) return "jcb";
    return "unknown";
  }

  function luhn(n) {
    let sum = 0;
    let dbl = false;
    for (let i = n.length - 1; i >= 0; i--) {
      let d = Number(n[i]);
      if (dbl) {
        d *= 2;
        if (d > 9) d -= 9;
      }
      sum += d;
      dbl = !dbl;
    }
    return sum % 10 === 0;
  }

  const digits = (s) => s.replace(/\D/g, "");
  const numberLength = (brand) => (brand === "amex" ? 15 : brand === "diners" ? 14 : 16);
  const cvcLength = (brand) => (brand === "amex" ? 4 : 3);
  const postalShown = () => elementType === "payment" || !options.hidePostalCode;

  function formatNumber(raw) {
    const n = digits(raw).slice(0, 19);
    if (brandOf(n) === "amex")
      return [n.slice(0, 4), n.slice(4, 10), n.slice(10, 15)].filter(Boolean).join(" ");
    return n.replace(/(\d{4})(?=\d)/g, "$1 ");
  }

  function formatExpiry(raw) {
    const d = digits(raw).slice(0, 4);
    if (d.length === 1 && Number(d) > 1) return `0${d} / `;
    if (d.length >= 3) return `${d.slice(0, 2)} / ${d.slice(2)}`;
    if (d.length === 2 && !raw.includes("/")) return `${d} / `;
    return d;
  }

  const err = (code, message) => ({ type: "validation_error", code, message });

  /** The first problem with the fields, Elements-style; `strict` also flags incomplete fields. */
  function validate(strict) {
    const n = digits(number.value);
    const brand = brandOf(n);
    if (n.length >= numberLength(brand) && !luhn(n))
      return err("invalid_number", "Your card number is invalid.");
    if (strict && n.length < numberLength(brand))
      return err("incomplete_number", "Your card number is incomplete.");
    const e = digits(expiry.value);
    if (e.length === 4) {
      const month = Number(e.slice(0, 2));
      const year = 2000 + Number(e.slice(2, 4));
      const now = new Date();
      if (month < 1 || month > 12)
        return err("invalid_expiry_month", "Your card's expiration date is invalid.");
      if (year < now.getFullYear())
        return err("invalid_expiry_year_past", "Your card's expiration year is in the past.");
      if (year === now.getFullYear() && month < now.getMonth() + 1) {
        return err("invalid_expiry_month_past", "Your card's expiration date is in the past.");
      }
    } else if (strict) {
      return err("incomplete_expiry", "Your card's expiration date is incomplete.");
    }
    if (strict && digits(cvc.value).length < cvcLength(brand)) {
      return err("incomplete_cvc", "Your card's security code is incomplete.");
    }
    if (strict && postalShown() && postal && postal.value.trim().length === 0) {
      return err("incomplete_zip", "Your postal code is incomplete.");
    }
    return null;
  }

  function state() {
    const n = digits(number.value);
    const empty = !n && !digits(expiry.value) && !digits(cvc.value) && !postal?.value.trim();
    const error = validate(false);
    const complete = !validate(true);
    const payload = { elementType, empty, complete, brand: brandOf(n) };
    if (error) payload.error = error;
    if (elementType === "payment") {
      payload.collapsed = false;
      payload.value = { type: "card" };
    } else {
      payload.value = { postalCode: postal ? postal.value.trim() : "" };
    }
    return payload;
  }

  function showError(error) {
    if (!errorBox) return;
    errorBox.textContent = error ? error.message : "";
    errorBox.hidden = !error;
    resize();
  }

  function changed() {
    const s = state();
    if (elementType === "payment") showError(s.error);
    post("change", s);
  }

  function resize() {
    post("resize", { height: Math.ceil(document.documentElement.scrollHeight) });
  }

  function applyOptions() {
    if (postalWrap) postalWrap.hidden = !postalShown();
    for (const input of [number, expiry, cvc, postal, country])
      if (input) input.disabled = Boolean(options.disabled);
    if (options.postalCode && postal && !postal.value) postal.value = options.postalCode;
    resize();
  }

  number.addEventListener("input", () => {
    number.value = formatNumber(number.value);
    changed();
  });
  expiry.addEventListener("input", (event) => {
    if (event.inputType !== "deleteContentBackward") expiry.value = formatExpiry(expiry.value);
    changed();
  });
  cvc.addEventListener("input", () => {
    cvc.value = digits(cvc.value).slice(0, 4);
    changed();
  });
  if (postal) postal.addEventListener("input", changed);
  for (const input of [number, expiry, cvc, postal]) {
    if (!input) continue;
    input.addEventListener("focus", () => post("focus", { elementType }));
    input.addEventListener("blur", () => post("blur", { elementType }));
    input.addEventListener("keydown", (event) => {
      if (event.key === "Escape") post("escape", { elementType });
    });
  }

  async function api(path, data) {
    const body = new URLSearchParams({ key, ...data });
    const res = await fetch(`/v1${path}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
    });
    const json = await res.json().catch(() => ({}));
    return res.ok
      ? { data: json }
      : { error: json.error || { type: "api_error", message: `HTTP ${res.status}` } };
  }

  function flatten(prefix, value, out) {
    if (value === undefined || value === null) return out;
    if (typeof value === "object") {
      for (const k of Object.keys(value)) flatten(`${prefix}[${k}]`, value[k], out);
    } else {
      out[prefix] = String(value);
    }
    return out;
  }

  async function tokenize(kind, extra) {
    const invalid = validate(true);
    if (invalid) {
      showError(invalid);
      return { error: invalid };
    }
    const e = digits(expiry.value);
    const card = {
      number: digits(number.value),
      exp_month: e.slice(0, 2),
      exp_year: `20${e.slice(2, 4)}`,
      cvc: digits(cvc.value),
    };
    const zip = postal && postalShown() ? postal.value.trim() : "";
    if (kind === "token") {
      const data = flatten("card", { ...card, address_zip: zip || undefined, name: extra?.name }, {});
      const r = await api("/tokens", data);
      return r.error ? { error: r.error } : { token: r.data };
    }
    const billing = { ...(extra?.billing_details || {}) };
    if (zip || (country && elementType === "payment")) {
      billing.address = { ...(billing.address || {}) };
      if (zip && !billing.address.postal_code) billing.address.postal_code = zip;
      if (country && elementType === "payment" && !billing.address.country)
        billing.address.country = country.value;
    }
    const data = {
      type: "card",
      payment_user_agent: "stripe.js/emulator; stripe-js-v3/emulator",
      ...flatten("card", card, {}),
      ...flatten("billing_details", billing, {}),
      ...flatten("metadata", extra?.metadata, {}),
    };
    const r = await api("/payment_methods", data);
    if (r.error) showError(r.error);
    return r.error ? { error: r.error } : { paymentMethod: r.data };
  }

  window.addEventListener("message", async (event) => {
    if (parentOrigin !== "*" && event.origin !== parentOrigin) return;
    const msg = event.data;
    if (!msg?.__stripeEmulator) return;
    if (msg.type === "validate") {
      const error = validate(true);
      showError(error);
      post("result", error ? { error } : {}, msg.requestId);
    } else if (msg.type === "tokenize") {
      post("result", await tokenize(msg.payload?.kind, msg.payload?.extra), msg.requestId);
    } else if (msg.type === "update") {
      options = { ...options, ...(msg.payload || {}) };
      applyOptions();
    } else if (msg.type === "focus") {
      number.focus();
    } else if (msg.type === "blur") {
      document.activeElement?.blur();
    } else if (msg.type === "clear") {
      for (const input of [number, expiry, cvc, postal]) if (input) input.value = "";
      showError(null);
      changed();
    }
  });

  applyOptions();
  post("ready", { elementType });
  // Fields typed into (or autofilled) while this script was still loading never fired our input
  // listeners; report them now so the page hears about them as if they had.
  if ([number, expiry, cvc, postal].some((input) => input?.value)) {
    number.value = formatNumber(number.value);
    expiry.value = formatExpiry(expiry.value);
    changed();
  }
})();
