-- AlterTable
ALTER TABLE "ai_application_versions" ADD COLUMN     "exampleRequest" JSONB,
ADD COLUMN     "inputSchema" JSONB,
ADD COLUMN     "websocketOnly" BOOLEAN NOT NULL DEFAULT false;

-- The sample sentiment-stream server answers plain HTTP with 426: mark the versions already
-- seeded from it, so R10 refuses them in HTTP services. The seed fills in their examples.
UPDATE "ai_application_versions" SET "websocketOnly" = true
 WHERE "modelServer"->>'entry' = 'sample-apps/sentiment-stream/server.mjs';
