ALTER TABLE "audit_event" ADD COLUMN "actor_label" text;--> statement-breakpoint
ALTER TABLE "audit_event" ADD COLUMN "ip" text;