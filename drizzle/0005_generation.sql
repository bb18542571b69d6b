CREATE TABLE "generated_image" (
	"token" text PRIMARY KEY NOT NULL,
	"generation_id" bigint NOT NULL,
	"idx" integer NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"content_type" text DEFAULT 'image/png' NOT NULL,
	"sha256" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "generation" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"api_key_id" bigint NOT NULL,
	"api" text NOT NULL,
	"endpoint" text NOT NULL,
	"product" text NOT NULL,
	"model_id" text NOT NULL,
	"prompt" text NOT NULL,
	"params" jsonb NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"samples" integer NOT NULL,
	"seed" bigint NOT NULL,
	"provider" text NOT NULL,
	"upstream_id" text,
	"status" text DEFAULT 'processing' NOT NULL,
	"funded_by" text NOT NULL,
	"price_minor" bigint NOT NULL,
	"charged_minor" bigint DEFAULT 0 NOT NULL,
	"refunded_minor" bigint DEFAULT 0 NOT NULL,
	"debit_entry_id" uuid,
	"refund_entry_id" uuid,
	"output" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"eta_seconds" double precision,
	"generation_ms" integer,
	"error" text,
	"idempotency_record_id" uuid,
	"request_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "generation_refund_within_charge" CHECK ("generation"."refunded_minor" <= "generation"."charged_minor")
);
--> statement-breakpoint
ALTER TABLE "generated_image" ADD CONSTRAINT "generated_image_generation_id_generation_id_fk" FOREIGN KEY ("generation_id") REFERENCES "public"."generation"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "generation" ADD CONSTRAINT "generation_account_id_account_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "generation" ADD CONSTRAINT "generation_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "generation" ADD CONSTRAINT "generation_api_key_id_api_key_id_fk" FOREIGN KEY ("api_key_id") REFERENCES "public"."api_key"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "generated_image_generation_idx_uq" ON "generated_image" USING btree ("generation_id","idx");--> statement-breakpoint
CREATE INDEX "generation_account_created_idx" ON "generation" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE INDEX "generation_processing_idx" ON "generation" USING btree ("created_at") WHERE "generation"."status" = 'processing';--> statement-breakpoint
CREATE UNIQUE INDEX "generation_idempotency_record_uq" ON "generation" USING btree ("idempotency_record_id");