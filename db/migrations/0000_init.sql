CREATE TABLE "allocations" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"payment_id" uuid NOT NULL,
	"bill_id" uuid NOT NULL,
	"amount" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "allocations_amount_chk" CHECK ("allocations"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"details" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bills" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenancy_id" uuid NOT NULL,
	"period" text NOT NULL,
	"amount" integer NOT NULL,
	"due_date" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bills_amount_chk" CHECK ("bills"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "callback_logs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"payment_id" uuid,
	"checkout_request_id" text,
	"source_ip" text,
	"raw_body" text NOT NULL,
	"outcome" text,
	"error" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "contacts" (
	"phone" text PRIMARY KEY NOT NULL,
	"language" text,
	"last_channel" text,
	"preferred_channel" text,
	"last_inbound_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "conversations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"channel" text NOT NULL,
	"key" text NOT NULL,
	"phone" text NOT NULL,
	"machine_version" integer NOT NULL,
	"snapshot" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inbound_messages" (
	"provider_id" text PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"phone" text NOT NULL,
	"reply" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "landlords" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"phone" text NOT NULL,
	"email" text,
	"pin_hash" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "landlords_phone_unique" UNIQUE("phone")
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"channel" text,
	"recipient" text NOT NULL,
	"body" text,
	"payload" jsonb,
	"status" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"run_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"provider_message_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "outbox_idempotency_key_unique" UNIQUE("idempotency_key")
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source" text NOT NULL,
	"purpose" text DEFAULT 'rent' NOT NULL,
	"landlord_id" uuid,
	"tenancy_id" uuid,
	"bill_id" uuid,
	"amount" integer NOT NULL,
	"phone" text NOT NULL,
	"status" text NOT NULL,
	"business_short_code" text NOT NULL,
	"party_b" text NOT NULL,
	"account_reference" text NOT NULL,
	"reference" text NOT NULL,
	"callback_token" text,
	"merchant_request_id" text,
	"checkout_request_id" text,
	"mpesa_receipt_number" text,
	"result_code" text,
	"result_desc" text,
	"outcome" text,
	"channel" text,
	"transaction_date" timestamp with time zone,
	"initiated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	"next_query_at" timestamp with time zone,
	"query_attempts" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "payments_reference_unique" UNIQUE("reference"),
	CONSTRAINT "payments_callback_token_unique" UNIQUE("callback_token"),
	CONSTRAINT "payments_checkout_request_id_unique" UNIQUE("checkout_request_id"),
	CONSTRAINT "payments_mpesa_receipt_number_unique" UNIQUE("mpesa_receipt_number"),
	CONSTRAINT "payments_amount_chk" CHECK ("payments"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "payout_configs" (
	"landlord_id" uuid PRIMARY KEY NOT NULL,
	"business_type" text NOT NULL,
	"business_short_code" text NOT NULL,
	"account_number" text,
	"till_number" text,
	"business_name" text,
	"consumer_key_enc" text,
	"consumer_secret_enc" text,
	"passkey_enc" text,
	"is_active" boolean DEFAULT false NOT NULL,
	"configured_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_tested_at" timestamp with time zone,
	CONSTRAINT "payout_configs_type_chk" CHECK ("payout_configs"."business_type" in ('paybill', 'till')),
	CONSTRAINT "payout_configs_till_chk" CHECK ("payout_configs"."business_type" <> 'till' or "payout_configs"."till_number" is not null)
);
--> statement-breakpoint
CREATE TABLE "properties" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"landlord_id" uuid NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tenancies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"landlord_id" uuid NOT NULL,
	"property_id" uuid,
	"name" text NOT NULL,
	"phone" text NOT NULL,
	"unit" text NOT NULL,
	"monthly_rent" integer NOT NULL,
	"due_day" integer DEFAULT 1 NOT NULL,
	"account_number" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tenancies_account_number_unique" UNIQUE("account_number"),
	CONSTRAINT "tenancies_rent_chk" CHECK ("tenancies"."monthly_rent" > 0),
	CONSTRAINT "tenancies_due_day_chk" CHECK ("tenancies"."due_day" between 1 and 28)
);
--> statement-breakpoint
ALTER TABLE "allocations" ADD CONSTRAINT "allocations_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allocations" ADD CONSTRAINT "allocations_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bills" ADD CONSTRAINT "bills_tenancy_id_tenancies_id_fk" FOREIGN KEY ("tenancy_id") REFERENCES "public"."tenancies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_landlord_id_landlords_id_fk" FOREIGN KEY ("landlord_id") REFERENCES "public"."landlords"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_tenancy_id_tenancies_id_fk" FOREIGN KEY ("tenancy_id") REFERENCES "public"."tenancies"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_configs" ADD CONSTRAINT "payout_configs_landlord_id_landlords_id_fk" FOREIGN KEY ("landlord_id") REFERENCES "public"."landlords"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "properties" ADD CONSTRAINT "properties_landlord_id_landlords_id_fk" FOREIGN KEY ("landlord_id") REFERENCES "public"."landlords"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenancies" ADD CONSTRAINT "tenancies_landlord_id_landlords_id_fk" FOREIGN KEY ("landlord_id") REFERENCES "public"."landlords"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenancies" ADD CONSTRAINT "tenancies_property_id_properties_id_fk" FOREIGN KEY ("property_id") REFERENCES "public"."properties"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "allocations_payment_bill_uq" ON "allocations" USING btree ("payment_id","bill_id");--> statement-breakpoint
CREATE INDEX "allocations_bill_idx" ON "allocations" USING btree ("bill_id");--> statement-breakpoint
CREATE INDEX "audit_log_entity_idx" ON "audit_log" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE UNIQUE INDEX "bills_tenancy_period_uq" ON "bills" USING btree ("tenancy_id","period");--> statement-breakpoint
CREATE INDEX "callback_logs_checkout_idx" ON "callback_logs" USING btree ("checkout_request_id");--> statement-breakpoint
CREATE UNIQUE INDEX "conversations_channel_key_uq" ON "conversations" USING btree ("channel","key");--> statement-breakpoint
CREATE INDEX "outbox_due_idx" ON "outbox" USING btree ("run_at") WHERE "outbox"."status" = 'queued';--> statement-breakpoint
CREATE INDEX "outbox_recipient_idx" ON "outbox" USING btree ("recipient","created_at");--> statement-breakpoint
CREATE INDEX "payments_tenancy_idx" ON "payments" USING btree ("tenancy_id","initiated_at");--> statement-breakpoint
CREATE INDEX "payments_landlord_idx" ON "payments" USING btree ("landlord_id","initiated_at");--> statement-breakpoint
CREATE INDEX "payments_phone_idx" ON "payments" USING btree ("phone","initiated_at");--> statement-breakpoint
CREATE INDEX "payments_open_idx" ON "payments" USING btree ("next_query_at") WHERE "payments"."status" in ('initiating', 'pending');--> statement-breakpoint
CREATE UNIQUE INDEX "payments_one_open_per_phone_uq" ON "payments" USING btree ("phone") WHERE "payments"."status" in ('initiating', 'pending');--> statement-breakpoint
CREATE UNIQUE INDEX "payments_one_open_per_bill_uq" ON "payments" USING btree ("bill_id") WHERE "payments"."status" in ('initiating', 'pending') and "payments"."bill_id" is not null;--> statement-breakpoint
CREATE INDEX "payments_suspense_idx" ON "payments" USING btree ("landlord_id") WHERE "payments"."status" = 'suspense';--> statement-breakpoint
CREATE INDEX "payout_configs_short_code_idx" ON "payout_configs" USING btree ("business_short_code");--> statement-breakpoint
CREATE INDEX "payout_configs_till_idx" ON "payout_configs" USING btree ("till_number");--> statement-breakpoint
CREATE UNIQUE INDEX "properties_landlord_name_uq" ON "properties" USING btree ("landlord_id","name");--> statement-breakpoint
CREATE INDEX "tenancies_phone_idx" ON "tenancies" USING btree ("phone");--> statement-breakpoint
CREATE INDEX "tenancies_landlord_idx" ON "tenancies" USING btree ("landlord_id");