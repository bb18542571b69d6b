/** Arguments MCP actions add to a route's own schema: the path segments, as named parameters. */
import { z } from "zod";
import { parseIntegerId } from "@/lib/auth/integer-id";
import { isAppError } from "@/lib/errors";

/** A path id as a tool argument: a number or its digits; anything that cannot exist fails like a bad field. */
export const integerIdArg = (what: string, max?: number) =>
  z.union([z.number().int(), z.string()]).transform((value, ctx) => {
    try {
      return parseIntegerId(String(value), what, max);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: isAppError(error) ? error.message : `${what} not found.` });
      return z.NEVER;
    }
  });

/** The route's body or query schema with the path segments beside it. */
export const withArgs = <S extends z.ZodType, F extends z.ZodRawShape>(fields: F, schema: S) =>
  z.object(fields).and(schema);

/** MCP's default device name for the tokens it issues (the reference's `agent-control-plane`). */
export const MCP_DEVICE_NAME = "agent-control-plane";
