-- Raw Daraja bodies are kept byte for byte: text cannot hold a zero byte, and "record first" must hold for any body.
ALTER TABLE "callback_logs" ALTER COLUMN "raw_body" SET DATA TYPE bytea USING convert_to("raw_body", 'UTF8');
