import { z } from "zod";
import { INT4_MAX } from "@/lib/auth/integer-id";
import { integerId } from "@/lib/http/params";

/** `{id}` of the subscription routes: the `integer` column's range, anything else a 404. */
export const subscriptionParams = z.object({ id: integerId("Subscription", INT4_MAX) });
