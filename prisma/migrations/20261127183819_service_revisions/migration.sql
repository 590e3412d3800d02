-- CreateEnum
CREATE TYPE "RolloutState" AS ENUM ('Running', 'Paused', 'Completed', 'RolledBack', 'Aborted');

-- AlterEnum
ALTER TYPE "ServiceState" ADD VALUE 'Updating';

-- DropForeignKey
ALTER TABLE "instances" DROP CONSTRAINT "instances_configurationId_fkey";

-- DropIndex
DROP INDEX "instances_configurationId_poolId_ordinal_key";

-- AlterTable
ALTER TABLE "services" ADD COLUMN     "autoStopAt" TIMESTAMP(3),
ADD COLUMN     "autoStopHours" INTEGER,
ADD COLUMN     "revision" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "routing" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "updateDeadline" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "version_configurations" ADD COLUMN     "specId" UUID NOT NULL DEFAULT gen_random_uuid();
-- Ids for existing rows only: new ones come from the application (schema.prisma).
ALTER TABLE "version_configurations" ALTER COLUMN "specId" DROP DEFAULT;

-- AlterTable
ALTER TABLE "instances" ADD COLUMN     "drainingSince" TIMESTAMP(3),
ADD COLUMN     "serving" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "specId" UUID,
ADD COLUMN     "versionId" UUID,
ALTER COLUMN "configurationId" DROP NOT NULL;

-- Existing instances run their configuration's current specification.
UPDATE "instances" i SET "specId" = c."specId", "versionId" = c."versionId"
  FROM "version_configurations" c WHERE c.id = i."configurationId";
ALTER TABLE "instances" ALTER COLUMN "specId" SET NOT NULL, ALTER COLUMN "versionId" SET NOT NULL;

-- Existing services route by their configurations' ratios.
UPDATE "services" s SET "routing" = COALESCE((
  SELECT jsonb_agg(jsonb_build_object('versionId', c."versionId", 'trafficRatio', c."trafficRatio") ORDER BY c.position)
    FROM "version_configurations" c WHERE c."serviceId" = s.id), '[]'::jsonb);

-- CreateTable
CREATE TABLE "service_revisions" (
    "id" BIGSERIAL NOT NULL,
    "serviceId" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "origin" TEXT NOT NULL,
    "spec" JSONB NOT NULL,
    "changes" JSONB NOT NULL DEFAULT '[]',
    "restarts" BOOLEAN NOT NULL DEFAULT false,
    "outcome" TEXT NOT NULL,
    "reason" TEXT,

    CONSTRAINT "service_revisions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rollouts" (
    "id" UUID NOT NULL,
    "serviceId" UUID NOT NULL,
    "state" "RolloutState" NOT NULL DEFAULT 'Running',
    "startRatios" JSONB NOT NULL,
    "targetRatios" JSONB NOT NULL,
    "currentRatios" JSONB NOT NULL,
    "stepPercent" INTEGER NOT NULL,
    "bakeSeconds" INTEGER NOT NULL,
    "guards" JSONB NOT NULL,
    "step" INTEGER NOT NULL DEFAULT 0,
    "stepStartedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "history" JSONB NOT NULL DEFAULT '[]',
    "reason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "rollouts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "version_metric_seconds" (
    "serviceId" UUID NOT NULL,
    "versionId" UUID NOT NULL,
    "second" TIMESTAMP(3) NOT NULL,
    "calls" INTEGER NOT NULL DEFAULT 0,
    "errors" INTEGER NOT NULL DEFAULT 0,
    "latencyBuckets" INTEGER[],

    CONSTRAINT "version_metric_seconds_pkey" PRIMARY KEY ("serviceId","versionId","second")
);

-- Existing services start their history at revision 1, what they run now.
INSERT INTO "service_revisions" ("serviceId", "number", "createdAt", "origin", "spec", "outcome")
SELECT s.id, 1, s."createdAt", 'deploy',
       jsonb_build_object(
         'description', s.description,
         'timeoutMinutes', s."timeoutMinutes",
         'dataCollection', jsonb_strip_nulls(jsonb_build_object('enabled', s."dataCollectionEnabled", 'samplingPercent', s."samplingPercent", 'retentionDays', s."retentionDays")),
         'trafficLimit', CASE WHEN s."trafficLimitRps" IS NULL THEN 'null'::jsonb ELSE jsonb_build_object('requestsPerSecond', s."trafficLimitRps") END,
         'autoStop', 'null'::jsonb,
         'configurations', COALESCE((
           SELECT jsonb_agg(jsonb_build_object('versionId', c."versionId", 'trafficRatio', c."trafficRatio", 'flavorId', c."flavorId",
                                               'computeNodes', c."computeNodes", 'envVars', c."envVars", 'specId', c."specId") ORDER BY c.position)
             FROM "version_configurations" c WHERE c."serviceId" = s.id), '[]'::jsonb)),
       'Applied'
  FROM "services" s;

-- CreateIndex
CREATE UNIQUE INDEX "service_revisions_serviceId_number_key" ON "service_revisions"("serviceId", "number");

-- CreateIndex
CREATE INDEX "rollouts_serviceId_createdAt_idx" ON "rollouts"("serviceId", "createdAt");

-- CreateIndex
CREATE INDEX "version_metric_seconds_second_idx" ON "version_metric_seconds"("second");

-- CreateIndex
CREATE UNIQUE INDEX "instances_configurationId_specId_poolId_ordinal_key" ON "instances"("configurationId", "specId", "poolId", "ordinal");

-- AddForeignKey
ALTER TABLE "instances" ADD CONSTRAINT "instances_configurationId_fkey" FOREIGN KEY ("configurationId") REFERENCES "version_configurations"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "service_revisions" ADD CONSTRAINT "service_revisions_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "services"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rollouts" ADD CONSTRAINT "rollouts_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "services"("id") ON DELETE CASCADE ON UPDATE CASCADE;
