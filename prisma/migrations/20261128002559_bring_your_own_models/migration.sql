-- AlterEnum
ALTER TYPE "VersionSource" ADD VALUE 'model_file';

-- AlterTable
ALTER TABLE "ai_application_versions" ADD COLUMN     "artifact" JSONB,
ADD COLUMN     "builtAt" TIMESTAMP(3),
ADD COLUMN     "healthPath" TEXT NOT NULL DEFAULT '/health',
ADD COLUMN     "modelMetadata" JSONB,
ADD COLUMN     "protocol" TEXT NOT NULL DEFAULT 'rts-json',
ADD COLUMN     "runtime" TEXT NOT NULL DEFAULT 'custom',
ADD COLUMN     "stateReason" TEXT;

-- CreateTable
CREATE TABLE "version_events" (
    "id" BIGSERIAL NOT NULL,
    "versionId" UUID NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "type" TEXT NOT NULL,
    "message" TEXT NOT NULL,

    CONSTRAINT "version_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "version_events_versionId_at_idx" ON "version_events"("versionId", "at");

-- AddForeignKey
ALTER TABLE "version_events" ADD CONSTRAINT "version_events_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "ai_application_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Registered images run their own command, and everything seeded before this ran a package server.
UPDATE "ai_application_versions" SET "runtime" = 'image' WHERE "source" = 'container_image';
