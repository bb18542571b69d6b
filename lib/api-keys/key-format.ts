/** Generation API keys: `onr_ak_` + 256 random bits + checksum (see lib/secrets/bearer-secrets.ts). */
import { isWellFormedSecret, maskSecret, mintSecret } from "@/lib/secrets/bearer-secrets";

export const API_KEY_PREFIX = "onr_ak_";

export const mintApiKey = () => mintSecret(API_KEY_PREFIX);

export const isWellFormedApiKey = (key: string) => isWellFormedSecret(key, API_KEY_PREFIX);

export const maskApiKey = (key: string) => maskSecret(API_KEY_PREFIX, key.slice(-4));
