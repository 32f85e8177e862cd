CREATE TABLE "bill_reminders" (
	"bill_id" uuid NOT NULL,
	"offset_days" integer NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bill_reminders_bill_id_offset_days_pk" PRIMARY KEY("bill_id","offset_days")
);
--> statement-breakpoint
CREATE TABLE "billing_settings" (
	"landlord_id" uuid PRIMARY KEY NOT NULL,
	"issue_days_before" integer DEFAULT 5 NOT NULL,
	"reminder_days" integer[] DEFAULT '{-3,0,3,10}'::int[] NOT NULL,
	"late_fee_kind" text,
	"late_fee_value" integer,
	"late_fee_after_days" integer,
	"prorate" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "billing_settings_issue_chk" CHECK ("billing_settings"."issue_days_before" between 0 and 28),
	CONSTRAINT "billing_settings_late_fee_chk" CHECK ("billing_settings"."late_fee_kind" is null or ("billing_settings"."late_fee_kind" in ('fixed', 'percent') and "billing_settings"."late_fee_value" > 0 and "billing_settings"."late_fee_after_days" >= 0))
);
--> statement-breakpoint
CREATE TABLE "credit_notes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"bill_id" uuid NOT NULL,
	"tenancy_id" uuid NOT NULL,
	"amount" integer NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recurring_charges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenancy_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"label" text,
	"amount" integer NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "recurring_charges_amount_chk" CHECK ("recurring_charges"."amount" > 0),
	CONSTRAINT "recurring_charges_kind_chk" CHECK ("recurring_charges"."kind" in ('water', 'electricity', 'service', 'other'))
);
--> statement-breakpoint
CREATE TABLE "reminder_days" (
	"phone" text NOT NULL,
	"day" date NOT NULL,
	CONSTRAINT "reminder_days_phone_day_pk" PRIMARY KEY("phone","day")
);
--> statement-breakpoint
ALTER TABLE "tenancies" DROP CONSTRAINT "tenancies_due_day_chk";--> statement-breakpoint
DROP INDEX "bills_tenancy_period_uq";--> statement-breakpoint
ALTER TABLE "bills" ADD COLUMN "kind" text DEFAULT 'rent' NOT NULL;--> statement-breakpoint
ALTER TABLE "bills" ADD COLUMN "label" text;--> statement-breakpoint
ALTER TABLE "bills" ADD COLUMN "charge_id" uuid;--> statement-breakpoint
ALTER TABLE "bills" ADD COLUMN "late_fee_for" uuid;--> statement-breakpoint
ALTER TABLE "bills" ADD COLUMN "voided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "bills" ADD COLUMN "void_reason" text;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "reminders_stopped_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tenancies" ADD COLUMN "starts_on" date DEFAULT now() NOT NULL;--> statement-breakpoint
-- Tenancies that existed before began when they were created (the day in Nairobi, UTC+3).
UPDATE "tenancies" SET "starts_on" = (("created_at" at time zone 'UTC') + interval '3 hours')::date;--> statement-breakpoint
ALTER TABLE "tenancies" ADD COLUMN "ends_on" date;--> statement-breakpoint
ALTER TABLE "tenancies" ADD COLUMN "billing_paused" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "bill_reminders" ADD CONSTRAINT "bill_reminders_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_settings" ADD CONSTRAINT "billing_settings_landlord_id_landlords_id_fk" FOREIGN KEY ("landlord_id") REFERENCES "public"."landlords"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_tenancy_id_tenancies_id_fk" FOREIGN KEY ("tenancy_id") REFERENCES "public"."tenancies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recurring_charges" ADD CONSTRAINT "recurring_charges_tenancy_id_tenancies_id_fk" FOREIGN KEY ("tenancy_id") REFERENCES "public"."tenancies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "recurring_charges_tenancy_idx" ON "recurring_charges" USING btree ("tenancy_id");--> statement-breakpoint
ALTER TABLE "bills" ADD CONSTRAINT "bills_charge_id_recurring_charges_id_fk" FOREIGN KEY ("charge_id") REFERENCES "public"."recurring_charges"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bills_rent_per_period_uq" ON "bills" USING btree ("tenancy_id","period") WHERE "bills"."kind" = 'rent' and "bills"."voided_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "bills_charge_per_period_uq" ON "bills" USING btree ("tenancy_id","period","charge_id") WHERE "bills"."charge_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "bills_late_fee_uq" ON "bills" USING btree ("late_fee_for") WHERE "bills"."late_fee_for" is not null;--> statement-breakpoint
CREATE INDEX "bills_tenancy_idx" ON "bills" USING btree ("tenancy_id","due_date");--> statement-breakpoint
CREATE INDEX "bills_open_due_idx" ON "bills" USING btree ("due_date") WHERE "bills"."voided_at" is null;--> statement-breakpoint
ALTER TABLE "bills" ADD CONSTRAINT "bills_kind_chk" CHECK ("bills"."kind" in ('rent', 'water', 'electricity', 'service', 'deposit', 'penalty', 'other'));--> statement-breakpoint
ALTER TABLE "bills" ADD CONSTRAINT "bills_other_label_chk" CHECK ("bills"."kind" <> 'other' or "bills"."label" is not null);--> statement-breakpoint
ALTER TABLE "tenancies" ADD CONSTRAINT "tenancies_due_day_chk" CHECK ("tenancies"."due_day" between 1 and 31);