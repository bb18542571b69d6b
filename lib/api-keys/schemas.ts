import { z } from "zod";

const nameField = z
  .string({ error: "is required" })
  .trim()
  .min(1, { error: "must not be empty" })
  .max(100, { error: "must be at most 100 characters" });
const notesField = z.string().trim().max(1000, { error: "must be at most 1000 characters" }).nullable();

export const createApiKeyBody = z.object({ name: nameField, notes: notesField.optional() });

/** Absent fields stay as they are; `notes: null` clears the notes. */
export const updateApiKeyBody = z.object({ name: nameField.optional(), notes: notesField.optional() });
