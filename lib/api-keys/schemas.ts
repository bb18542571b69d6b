import { z } from "zod";

const nameField = z
  .string({ error: "is required" })
  .trim()
  .min(1, { error: "must not be empty" })
  .max(100, { error: "must be at most 100 characters" });
const notesField = z.string().trim().max(1000, { error: "must be at most 1000 characters" }).nullable();

/** `{}` is a valid request (the CLI sends it): the key then gets a dated default name. */
export const createApiKeyBody = z.object({ name: nameField.optional(), notes: notesField.optional() });

/** The name of a key created without one, e.g. `API key 2026-12-03`. */
export const defaultApiKeyName = (now: Date) => `API key ${now.toISOString().slice(0, 10)}`;

/** Absent fields stay as they are; `notes: null` clears the notes. */
export const updateApiKeyBody = z.object({ name: nameField.optional(), notes: notesField.optional() });
