/**
 * One way to get Stripe.js in the browser, for real Stripe and for the local emulator alike.
 *
 * In local mode the emulator serves a Stripe.js stand-in (`standInScriptUrl`); this injects that
 * script once and waits for `window.Stripe`, then calls `loadStripe` from `@stripe/stripe-js/pure`,
 * which uses an existing `window.Stripe` instead of fetching js.stripe.com. Without a stand-in URL
 * it is plain `loadStripe`. `pure` matters: the default entry starts loading js.stripe.com as soon
 * as it is imported, which fails offline.
 */
import type { Stripe } from "@stripe/stripe-js";
import { loadStripe } from "@stripe/stripe-js/pure";

type WindowWithStripe = Window & { Stripe?: unknown };

let standInLoad: Promise<void> | null = null;
const instances = new Map<string, Promise<Stripe | null>>();

function injectStandIn(src: string): Promise<void> {
  const w = window as WindowWithStripe;
  if (w.Stripe) return Promise.resolve();
  standInLoad ??= new Promise<void>((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.async = true;
    script.addEventListener("load", () => {
      if (w.Stripe) resolve();
      else reject(new Error(`The script at ${src} loaded but did not define window.Stripe.`));
    });
    script.addEventListener("error", () =>
      reject(new Error(`Could not load the Stripe.js stand-in from ${src}. Is the Stripe emulator running?`)),
    );
    (document.head ?? document.body).appendChild(script);
  }).catch((error: unknown) => {
    // A later call may retry (e.g. once the emulator is up).
    standInLoad = null;
    throw error;
  });
  return standInLoad;
}

/** The Stripe object for `publishableKey`; resolves to null on the server, like `loadStripe`. */
export function getStripe(publishableKey: string, standInScriptUrl: string | null): Promise<Stripe | null> {
  if (typeof window === "undefined") return Promise.resolve(null);
  const key = `${publishableKey}\n${standInScriptUrl ?? ""}`;
  let instance = instances.get(key);
  if (!instance) {
    const ready = standInScriptUrl ? injectStandIn(standInScriptUrl) : Promise.resolve();
    instance = ready.then(() => loadStripe(publishableKey));
    instance.catch(() => instances.delete(key));
    instances.set(key, instance);
  }
  return instance;
}
