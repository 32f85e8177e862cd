CREATE TABLE "caretakers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"landlord_id" uuid NOT NULL,
	"property_id" uuid,
	"name" text NOT NULL,
	"phone" text NOT NULL,
	"pin_hash" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "caretakers" ADD CONSTRAINT "caretakers_landlord_id_landlords_id_fk" FOREIGN KEY ("landlord_id") REFERENCES "public"."landlords"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "caretakers" ADD CONSTRAINT "caretakers_property_id_properties_id_fk" FOREIGN KEY ("property_id") REFERENCES "public"."properties"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "caretakers_phone_uq" ON "caretakers" USING btree ("phone") WHERE "caretakers"."removed_at" is null;--> statement-breakpoint
CREATE INDEX "caretakers_landlord_idx" ON "caretakers" USING btree ("landlord_id");