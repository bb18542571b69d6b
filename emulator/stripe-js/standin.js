/*
 * Stripe.js stand-in, served by the local Stripe emulator at /v3/stripe.js and /<train>/stripe.js.
 *
 * It defines window.Stripe with the surface @stripe/stripe-js and @stripe/react-stripe-js use
 * (elements, createPaymentMethod, createToken, confirmCardPayment, confirmCardSetup,
 * confirmPayment, confirmSetup, handleNextAction, …) and talks to the emulator's /v1 API with the
 * publishable key, as Stripe.js talks to api.stripe.com. Card fields live in iframes served by the
 * emulator, so card numbers stay on the emulator's origin and the page only ever sees pm_… ids.
 *
 * __EMULATOR_ORIGIN__ and __RELEASE_TRAIN__ are filled in by the emulator when it serves the file.
 */
(() => {
  if (window.Stripe?.__emulator) return;

  const ORIGIN = "__EMULATOR_ORIGIN__";
  const RELEASE_TRAIN = "__RELEASE_TRAIN__";
  const AUTH_FAILURE_MESSAGE =
    "We are unable to authenticate your payment method. Please choose a different payment method and try again.";
  let frameCounter = 0;
  let requestCounter = 0;
  const frames = new Map();
  const pending = new Map();

  class IntegrationError extends Error {
    constructor(message) {
      super(message);
      this.name = "IntegrationError";
    }
  }

  function encode(data, prefix, out) {
    const pairs = out || [];
    for (const key of Object.keys(data)) {
      const value = data[key];
      const name = prefix ? `${prefix}[${key}]` : key;
      if (value === undefined) continue;
      if (value !== null && typeof value === "object") {
        if (Array.isArray(value)) {
          value.forEach((v, i) => {
            if (v !== null && typeof v === "object") encode(v, `${name}[${i}]`, pairs);
            else pairs.push(`${encodeURIComponent(`${name}[${i}]`)}=${encodeURIComponent(String(v))}`);
          });
        } else {
          encode(value, name, pairs);
        }
      } else {
        pairs.push(`${encodeURIComponent(name)}=${encodeURIComponent(value === null ? "" : String(value))}`);
      }
    }
    return pairs;
  }

  function intentIdFromSecret(secret) {
    return String(secret).split("_secret_")[0];
  }

  function secretKind(secret) {
    if (/^pi_[A-Za-z0-9]+_secret_/.test(String(secret))) return "payment_intent";
    if (/^seti_[A-Za-z0-9]+_secret_/.test(String(secret))) return "setup_intent";
    return null;
  }

  function requireSecret(secret, kind, method) {
    const actual = secretKind(secret);
    if (actual === kind) return;
    const wanted =
      kind === "payment_intent" ? "a PaymentIntent client secret" : "a SetupIntent client secret";
    const got =
      actual === "payment_intent"
        ? "a PaymentIntent client secret"
        : actual === "setup_intent"
          ? "a SetupIntent client secret"
          : String(secret);
    throw new IntegrationError(
      `Invalid value for ${method} intent secret: value should be ${wanted}. You specified: ${got}.`,
    );
  }

  function withParams(url, params) {
    const hashAt = url.indexOf("#");
    const base = hashAt < 0 ? url : url.slice(0, hashAt);
    const hash = hashAt < 0 ? "" : url.slice(hashAt);
    const qs = new URLSearchParams(params).toString();
    return `${base}${base.includes("?") ? "&" : "?"}${qs}${hash}`;
  }

  // Messages from element iframes and the 3-D Secure frame.
  window.addEventListener("message", (event) => {
    if (event.origin !== ORIGIN) return;
    const data = event.data;
    if (!data || typeof data !== "object") return;
    if (data.type === "stripe-emulator-3ds") {
      const resolve = pending.get("3ds");
      if (resolve) {
        pending.delete("3ds");
        resolve(data);
      }
      return;
    }
    if (!data.__stripeEmulator) return;
    if (data.requestId && pending.has(data.requestId)) {
      const resolve = pending.get(data.requestId);
      pending.delete(data.requestId);
      resolve(data.payload);
      return;
    }
    const element = frames.get(data.frameId);
    if (element) element._fromFrame(data.type, data.payload || {});
  });

  class Element {
    constructor(group, type, options) {
      this._group = group;
      this._type = type;
      this._options = { ...(options || {}) };
      this._handlers = {};
      this._frameId = `f${++frameCounter}`;
      this._iframe = null;
      this._container = null;
      this._ready = false;
      this._readyWaiters = [];
      this._state = { empty: true, complete: false, error: undefined };
      frames.set(this._frameId, this);
    }

    get _hasFrame() {
      return this._type === "card" || this._type === "payment";
    }

    mount(target) {
      const el = typeof target === "string" ? document.querySelector(target) : target;
      if (!el)
        throw new IntegrationError(
          `The selector you specified (${String(target)}) applies to no DOM elements.`,
        );
      this.unmount();
      this._container = el;
      if (!this._hasFrame) {
        // Elements the emulator does not render (address, link, express checkout…) mount empty.
        const note = document.createElement("div");
        note.setAttribute("data-stripe-emulator-element", this._type);
        el.appendChild(note);
        this._iframe = note;
        setTimeout(() => {
          this._ready = true;
          this._emit("ready", this._type === "expressCheckout" ? { availablePaymentMethods: undefined } : {});
        }, 0);
        return;
      }
      const iframe = document.createElement("iframe");
      const params = new URLSearchParams({
        type: this._type,
        id: this._frameId,
        origin: window.location.origin,
        key: this._group._stripe._key,
        options: JSON.stringify({
          hidePostalCode: Boolean(this._options.hidePostalCode),
          disabled: Boolean(this._options.disabled),
          postalCode: this._options.value?.postalCode || "",
        }),
      });
      iframe.src = `${ORIGIN}/elements/frame?${params.toString()}`;
      iframe.name = `__privateStripeFrame${this._frameId}`;
      iframe.title =
        this._type === "payment" ? "Secure payment input frame" : "Secure card payment input frame";
      iframe.setAttribute("frameborder", "0");
      iframe.setAttribute("allowtransparency", "true");
      iframe.setAttribute("scrolling", "no");
      iframe.setAttribute("data-stripe-emulator-frame", this._type);
      iframe.allow = "payment *";
      iframe.style.cssText = `border:none;width:100%;display:block;height:${this._type === "payment" ? 300 : 46}px;overflow:hidden;`;
      el.appendChild(iframe);
      this._iframe = iframe;
    }

    unmount() {
      if (this._iframe?.parentNode) this._iframe.parentNode.removeChild(this._iframe);
      this._iframe = null;
      this._ready = false;
    }

    destroy() {
      this.unmount();
      frames.delete(this._frameId);
      this._group._remove(this);
      this._handlers = {};
    }

    update(options) {
      this._options = { ...this._options, ...(options || {}) };
      this._post("update", {
        hidePostalCode: Boolean(this._options.hidePostalCode),
        disabled: Boolean(this._options.disabled),
      });
    }

    focus() {
      this._post("focus", {});
    }

    blur() {
      this._post("blur", {});
    }

    clear() {
      this._post("clear", {});
    }

    collapse() {}

    on(event, handler) {
      if (!this._handlers[event]) this._handlers[event] = [];
      this._handlers[event].push(handler);
      return this;
    }

    once(event, handler) {
      const wrapped = (...args) => {
        this.off(event, wrapped);
        handler(...args);
      };
      return this.on(event, wrapped);
    }

    off(event, handler) {
      const list = this._handlers[event];
      if (!list) return this;
      this._handlers[event] = handler ? list.filter((h) => h !== handler) : [];
      return this;
    }

    _emit(event, payload) {
      for (const handler of (this._handlers[event] || []).slice()) {
        try {
          handler(payload);
        } catch (error) {
          setTimeout(() => {
            throw error;
          }, 0);
        }
      }
    }

    _fromFrame(type, payload) {
      if (type === "ready") {
        this._ready = true;
        for (const resolve of this._readyWaiters.splice(0)) resolve();
        this._emit("ready", {});
        return;
      }
      if (type === "change") {
        this._state = payload;
        this._emit("change", { ...payload, elementType: this._type });
        return;
      }
      if (type === "resize" && this._iframe && payload.height) {
        this._iframe.style.height = `${payload.height}px`;
        return;
      }
      this._emit(type, payload);
    }

    _whenReady() {
      if (this._ready) return Promise.resolve();
      return new Promise((resolve) => this._readyWaiters.push(resolve));
    }

    _post(type, payload) {
      if (!this._iframe || !this._hasFrame || !this._iframe.contentWindow) return;
      this._iframe.contentWindow.postMessage({ __stripeEmulator: true, type, payload }, ORIGIN);
    }

    /** Asks the frame to do something with the card it holds; resolves with its answer. */
    async _request(type, payload) {
      if (!this._iframe || !this._hasFrame) {
        throw new IntegrationError(`The ${this._type} Element must be mounted before it can be used.`);
      }
      await this._whenReady();
      const requestId = `r${++requestCounter}`;
      return new Promise((resolve) => {
        pending.set(requestId, resolve);
        this._iframe.contentWindow.postMessage({ __stripeEmulator: true, type, requestId, payload }, ORIGIN);
      });
    }
  }

  class Elements {
    constructor(stripe, options) {
      this._stripe = stripe;
      this._options = { ...(options || {}) };
      this._elements = [];
      this._submitted = false;
      this._handlers = {};
    }

    create(type, options) {
      if ((type === "card" || type === "payment") && this._elements.some((e) => e._type === type)) {
        throw new IntegrationError(`Can only create one Element of type ${type}.`);
      }
      const element = new Element(this, type, options);
      this._elements.push(element);
      return element;
    }

    getElement(typeOrComponent) {
      const type = typeof typeOrComponent === "string" ? typeOrComponent : typeOrComponent?.__elementType;
      return this._elements.find((e) => e._type === type) || null;
    }

    update(options) {
      this._options = { ...this._options, ...(options || {}) };
      return Promise.resolve();
    }

    fetchUpdates() {
      return Promise.resolve({});
    }

    async submit() {
      const element = this._primary();
      if (!element) return { error: { type: "validation_error", message: "No payment Element is mounted." } };
      const result = await element._request("validate", {});
      this._submitted = !result.error;
      this._emitGroup("update-end", {});
      return result.error ? { error: result.error } : { selectedPaymentMethod: "card" };
    }

    on(event, handler) {
      if (!this._handlers[event]) this._handlers[event] = [];
      this._handlers[event].push(handler);
      return this;
    }

    off(event, handler) {
      this._handlers[event] = (this._handlers[event] || []).filter((h) => h !== handler);
      return this;
    }

    _emitGroup(event, payload) {
      for (const handler of this._handlers[event] || []) handler(payload);
    }

    _primary() {
      return (
        this._elements.find((e) => e._type === "payment") ||
        this._elements.find((e) => e._type === "card") ||
        null
      );
    }

    _remove(element) {
      this._elements = this._elements.filter((e) => e !== element);
    }
  }

  function StripeStandIn(key, options) {
    if (!(this instanceof StripeStandIn)) return new StripeStandIn(key, options);
    if (typeof key !== "string" || !/^pk_test_[A-Za-z0-9_]+$/.test(key)) {
      throw new IntegrationError(
        `Invalid API Key provided: the Stripe emulator needs a publishable test key (pk_test_…), got ${typeof key === "string" ? `${key.slice(0, 8)}…` : typeof key}.`,
      );
    }
    this._key = key;
    this._options = options || {};
    this._appInfo = null;
  }

  const proto = StripeStandIn.prototype;

  proto._api = async function api(method, path, params) {
    const body = encode({ ...(params || {}), key: this._key }).join("&");
    const headers = { "content-type": "application/x-www-form-urlencoded" };
    if (this._options.apiVersion) headers["stripe-version"] = this._options.apiVersion;
    if (this._options.stripeAccount) headers["stripe-account"] = this._options.stripeAccount;
    let res;
    try {
      res =
        method === "GET"
          ? await fetch(`${ORIGIN}/v1${path}?${body}`, { method, headers })
          : await fetch(`${ORIGIN}/v1${path}`, { method, headers, body });
    } catch (error) {
      return {
        error: {
          type: "api_connection_error",
          message: `Could not reach the Stripe emulator at ${ORIGIN} (${error?.message}).`,
        },
      };
    }
    const json = await res.json().catch(() => ({}));
    if (!res.ok) return { error: json.error || { type: "api_error", message: `HTTP ${res.status}` } };
    return { data: json };
  };

  proto.elements = function elements(options) {
    return new Elements(this, options);
  };

  proto.registerAppInfo = function registerAppInfo(info) {
    this._appInfo = info;
  };

  proto._registerWrapper = function registerWrapper() {};

  proto.paymentRequest = function paymentRequest() {
    return {
      canMakePayment: () => Promise.resolve(null),
      show() {},
      update() {},
      on() {},
      off() {},
      abort() {},
      isShowing: () => false,
    };
  };

  /** Creates a PaymentMethod from an element (inside its iframe) or passes an id through. */
  proto._paymentMethodFrom = async function paymentMethodFrom(element, extra) {
    const result = await element._request("tokenize", { kind: "payment_method", extra: extra || {} });
    if (result.error) return { error: result.error };
    return { paymentMethod: result.paymentMethod };
  };

  proto.createPaymentMethod = async function createPaymentMethod(arg1, arg2, arg3) {
    let element = null;
    let extra = {};
    if (typeof arg1 === "string") {
      element = arg2;
      extra = arg3 || {};
    } else if (arg1?.elements) {
      if (!arg1.elements._submitted) {
        throw new IntegrationError("elements.submit() must be called before stripe.createPaymentMethod().");
      }
      element = arg1.elements._primary();
      extra = arg1.params || {};
    } else if (arg1?.element) {
      element = arg1.element;
      extra = arg1.params || {};
    } else if (arg1) {
      element = arg1.card;
      extra = { billing_details: arg1.billing_details, metadata: arg1.metadata };
    }
    if (!element || typeof element._request !== "function") {
      throw new IntegrationError("createPaymentMethod needs a mounted card or payment Element.");
    }
    return this._paymentMethodFrom(element, extra);
  };

  proto.createToken = async function createToken(element, data) {
    if (!element || typeof element._request !== "function") {
      throw new IntegrationError("createToken needs a mounted card Element.");
    }
    const result = await element._request("tokenize", { kind: "token", extra: data || {} });
    return result.error ? { error: result.error } : { token: result.token };
  };

  /** `payment_method` of confirm calls: element data → new pm id; a string stays as is. */
  proto._resolvePaymentMethod = async function resolvePaymentMethod(pm, elements) {
    if (elements) {
      const element = elements._primary();
      if (!element) return { error: { type: "validation_error", message: "No payment Element is mounted." } };
      const created = await this._paymentMethodFrom(
        element,
        pm ? { billing_details: pm.billing_details } : {},
      );
      return created.error ? created : { id: created.paymentMethod.id };
    }
    if (pm === undefined || pm === null) return {};
    if (typeof pm === "string") return { id: pm };
    if (pm.card && typeof pm.card._request === "function") {
      const created = await this._paymentMethodFrom(pm.card, {
        billing_details: pm.billing_details,
        metadata: pm.metadata,
      });
      return created.error ? created : { id: created.paymentMethod.id };
    }
    return { data: pm };
  };

  proto._fetchIntent = async function fetchIntent(kind, secret) {
    const path = kind === "payment_intent" ? "/payment_intents/" : "/setup_intents/";
    return this._api("GET", `${path}${intentIdFromSecret(secret)}`, { client_secret: secret });
  };

  /** Shows the emulator's 3-D Secure page in a modal and waits for Complete / Fail. */
  proto._challenge = function challenge(intent) {
    const action = intent.next_action || {};
    const url = action.use_stripe_sdk?.stripe_js || action.redirect_to_url?.url;
    if (!url) return Promise.resolve();
    const overlay = document.createElement("div");
    overlay.setAttribute("data-stripe-emulator", "3ds-modal");
    overlay.style.cssText =
      "position:fixed;inset:0;z-index:2147483647;background:rgba(10,20,40,.55);display:flex;align-items:center;justify-content:center;";
    const frame = document.createElement("iframe");
    const src = new URL(url);
    src.searchParams.set("embed", "1");
    frame.src = src.toString();
    frame.name = "__stripeEmulator3DS";
    frame.title = "3D Secure authentication";
    frame.setAttribute("data-testid", "stripe-3ds-frame");
    frame.style.cssText =
      "width:min(480px,94vw);height:min(520px,90vh);border:0;border-radius:8px;background:#fff;";
    overlay.appendChild(frame);
    document.body.appendChild(overlay);
    return new Promise((resolve) => {
      pending.set("3ds", (result) => {
        overlay.remove();
        resolve(result);
      });
    });
  };

  /** After confirm: run any challenge, then the result shape Stripe.js resolves with. */
  proto._settle = async function settle(kind, intent, handleActions, secret) {
    let current = intent;
    if (current.status === "requires_action" && handleActions !== false) {
      await this._challenge(current);
      const refreshed = await this._fetchIntent(kind, secret);
      if (refreshed.error) return { error: refreshed.error };
      current = refreshed.data;
    }
    const key = kind === "payment_intent" ? "paymentIntent" : "setupIntent";
    const lastError = kind === "payment_intent" ? current.last_payment_error : current.last_setup_error;
    if (current.status === "requires_payment_method" && lastError) {
      const authFailed =
        lastError.code === "payment_intent_authentication_failure" ||
        lastError.code === "setup_intent_authentication_failure";
      const error = authFailed
        ? { type: "invalid_request_error", code: lastError.code, message: AUTH_FAILURE_MESSAGE }
        : { ...lastError };
      error[kind] = current;
      return { error };
    }
    return { [key]: current };
  };

  proto._confirm = async function confirm(kind, secret, pm, extra, handleActions, elements) {
    const resolved = await this._resolvePaymentMethod(pm, elements);
    if (resolved.error) return { error: resolved.error };
    const params = { client_secret: secret, use_stripe_sdk: true, ...extra };
    if (resolved.id) params.payment_method = resolved.id;
    if (resolved.data) params.payment_method_data = resolved.data;
    const path = kind === "payment_intent" ? "/payment_intents/" : "/setup_intents/";
    const confirmed = await this._api("POST", `${path}${intentIdFromSecret(secret)}/confirm`, params);
    if (confirmed.error) return { error: confirmed.error };
    return this._settle(kind, confirmed.data, handleActions, secret);
  };

  proto.confirmCardPayment = function confirmCardPayment(clientSecret, data, options) {
    requireSecret(clientSecret, "payment_intent", "confirmCardPayment");
    const d = data || {};
    const extra = {};
    for (const k of ["return_url", "setup_future_usage", "receipt_email", "shipping"])
      if (d[k] !== undefined) extra[k] = d[k];
    return this._confirm(
      "payment_intent",
      clientSecret,
      d.payment_method,
      extra,
      options?.handleActions,
      null,
    );
  };

  proto.confirmCardSetup = function confirmCardSetup(clientSecret, data, options) {
    requireSecret(clientSecret, "setup_intent", "confirmCardSetup");
    const d = data || {};
    const extra = {};
    if (d.return_url !== undefined) extra.return_url = d.return_url;
    return this._confirm("setup_intent", clientSecret, d.payment_method, extra, options?.handleActions, null);
  };

  proto._confirmWithRedirect = async function confirmWithRedirect(kind, opts) {
    const o = opts || {};
    const elements = o.elements || null;
    const clientSecret = o.clientSecret || elements?._options.clientSecret;
    const method = kind === "payment_intent" ? "confirmPayment" : "confirmSetup";
    if (!clientSecret) throw new IntegrationError(`${method}: clientSecret is required.`);
    requireSecret(clientSecret, kind, method);
    if (elements?._options.mode && !elements._submitted) {
      throw new IntegrationError(`elements.submit() must be called before stripe.${method}().`);
    }
    const confirmParams = { ...(o.confirmParams || {}) };
    const redirect = o.redirect || "always";
    const returnUrl = confirmParams.return_url;
    if (redirect === "always" && !returnUrl) {
      throw new IntegrationError(`stripe.${method}(): confirmParams.return_url is required.`);
    }
    const pmData = confirmParams.payment_method_data;
    const pm = confirmParams.payment_method;
    delete confirmParams.payment_method_data;
    delete confirmParams.payment_method;
    const result = await this._confirm(
      kind,
      clientSecret,
      elements ? pmData : pm,
      confirmParams,
      true,
      elements,
    );
    if (result.error) return result;
    const intent = result.paymentIntent || result.setupIntent;
    if (redirect === "if_required" || !returnUrl) return result;
    const params =
      kind === "payment_intent"
        ? {
            payment_intent: intent.id,
            payment_intent_client_secret: clientSecret,
            redirect_status: "succeeded",
          }
        : { setup_intent: intent.id, setup_intent_client_secret: clientSecret, redirect_status: "succeeded" };
    window.location.assign(withParams(returnUrl, params));
    return new Promise(() => {});
  };

  proto.confirmPayment = function confirmPayment(opts) {
    return this._confirmWithRedirect("payment_intent", opts);
  };

  proto.confirmSetup = function confirmSetup(opts) {
    return this._confirmWithRedirect("setup_intent", opts);
  };

  proto.handleNextAction = async function handleNextAction(opts) {
    const secret = opts?.clientSecret;
    const kind = secretKind(secret);
    if (!kind)
      throw new IntegrationError(
        "handleNextAction: clientSecret must be a PaymentIntent or SetupIntent client secret.",
      );
    const fetched = await this._fetchIntent(kind, secret);
    if (fetched.error) return { error: fetched.error };
    if (fetched.data.status !== "requires_action") {
      return {
        error: {
          type: "invalid_request_error",
          code:
            kind === "payment_intent" ? "payment_intent_unexpected_state" : "setup_intent_unexpected_state",
          message: `handleNextAction requires an intent with status requires_action; this one is ${fetched.data.status}.`,
          [kind]: fetched.data,
        },
      };
    }
    return this._settle(kind, fetched.data, true, secret);
  };

  proto.handleCardAction = function handleCardAction(clientSecret) {
    requireSecret(clientSecret, "payment_intent", "handleCardAction");
    return this.handleNextAction({ clientSecret });
  };

  proto.retrievePaymentIntent = async function retrievePaymentIntent(clientSecret) {
    requireSecret(clientSecret, "payment_intent", "retrievePaymentIntent");
    const r = await this._fetchIntent("payment_intent", clientSecret);
    return r.error ? { error: r.error } : { paymentIntent: r.data };
  };

  proto.retrieveSetupIntent = async function retrieveSetupIntent(clientSecret) {
    requireSecret(clientSecret, "setup_intent", "retrieveSetupIntent");
    const r = await this._fetchIntent("setup_intent", clientSecret);
    return r.error ? { error: r.error } : { setupIntent: r.data };
  };

  /** Removed from Stripe.js in clover; kept for older apps: goes to the emulator's hosted page. */
  proto.redirectToCheckout = function redirectToCheckout(opts) {
    if (!opts?.sessionId) {
      return Promise.resolve({ error: { type: "invalid_request_error", message: "sessionId is required." } });
    }
    window.location.assign(`${ORIGIN}/c/pay/${encodeURIComponent(opts.sessionId)}`);
    return new Promise(() => {});
  };

  StripeStandIn.version = RELEASE_TRAIN;
  StripeStandIn.__emulator = true;
  StripeStandIn.IntegrationError = IntegrationError;
  window.Stripe = StripeStandIn;
})();
