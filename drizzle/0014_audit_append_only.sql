ALTER TABLE "audit_event" ADD COLUMN "seq" bigint NOT NULL GENERATED ALWAYS AS IDENTITY (sequence name "audit_event_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1);--> statement-breakpoint
CREATE INDEX "audit_event_account_seq_idx" ON "audit_event" USING btree ("account_id","seq");--> statement-breakpoint
CREATE INDEX "audit_event_action_target_idx" ON "audit_event" USING btree ("action","target_id");--> statement-breakpoint
-- The audit trail is append-only: an entry is never edited or removed, by the application or anyone
-- with its credentials short of the table's owner dropping the trigger.
CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_event is append-only (% refused)', TG_OP USING ERRCODE = 'restrict_violation';
END;
$$;--> statement-breakpoint
CREATE TRIGGER audit_event_no_update_or_delete BEFORE UPDATE OR DELETE ON "audit_event"
  FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
