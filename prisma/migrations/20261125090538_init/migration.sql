-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "FlavorKind" AS ENUM ('CPU', 'GPU');

-- CreateEnum
CREATE TYPE "PoolType" AS ENUM ('PUBLIC', 'DEDICATED');

-- CreateEnum
CREATE TYPE "PoolGeneration" AS ENUM ('old', 'new');

-- CreateEnum
CREATE TYPE "PoolState" AS ENUM ('Creating', 'Running', 'Scaling', 'Abnormal', 'Deleting');

-- CreateEnum
CREATE TYPE "VersionState" AS ENUM ('Normal', 'Building', 'Failed', 'Deleting');

-- CreateEnum
CREATE TYPE "VersionSource" AS ENUM ('container_image', 'model_package');

-- CreateEnum
CREATE TYPE "ServiceState" AS ENUM ('Deploying', 'Running', 'Concerning', 'Abnormal', 'Failed', 'Stopping', 'Stopped', 'Deleting');

-- CreateEnum
CREATE TYPE "DesiredState" AS ENUM ('Running', 'Stopped', 'Deleted');

-- CreateEnum
CREATE TYPE "InstanceState" AS ENUM ('Pending', 'Starting', 'Healthy', 'Unhealthy', 'Exited', 'Stopped');

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL,
    "username" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sessions" (
    "id" TEXT NOT NULL,
    "userId" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_tokens" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3),
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "specifications" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "FlavorKind" NOT NULL,
    "vcpus" INTEGER NOT NULL,
    "memoryGiB" INTEGER NOT NULL,
    "gpus" INTEGER NOT NULL DEFAULT 0,
    "available" BOOLEAN NOT NULL DEFAULT true,
    "free" BOOLEAN NOT NULL DEFAULT false,
    "inPublicPool" BOOLEAN NOT NULL DEFAULT true,
    "pricePerHourCents" INTEGER NOT NULL DEFAULT 0,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "specifications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "resource_pools" (
    "id" UUID NOT NULL,
    "ownerId" UUID,
    "name" TEXT NOT NULL,
    "type" "PoolType" NOT NULL,
    "flavorId" TEXT,
    "nodeCount" INTEGER NOT NULL DEFAULT 0,
    "generation" "PoolGeneration",
    "state" "PoolState" NOT NULL DEFAULT 'Running',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "resource_pools_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "quotas" (
    "userId" UUID NOT NULL,
    "vcpuLimit" INTEGER NOT NULL,
    "memoryGiBLimit" INTEGER NOT NULL,
    "gpuLimit" INTEGER NOT NULL,
    "vcpuUsed" INTEGER NOT NULL DEFAULT 0,
    "memoryGiBUsed" INTEGER NOT NULL DEFAULT 0,
    "gpuUsed" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "quotas_pkey" PRIMARY KEY ("userId")
);

-- CreateTable
CREATE TABLE "quota_ledger" (
    "id" BIGSERIAL NOT NULL,
    "userId" UUID NOT NULL,
    "serviceId" UUID,
    "poolId" UUID,
    "holderName" TEXT NOT NULL,
    "vcpus" INTEGER NOT NULL,
    "memoryGiB" INTEGER NOT NULL,
    "gpus" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "quota_ledger_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ai_applications" (
    "id" UUID NOT NULL,
    "ownerId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ai_applications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ai_application_versions" (
    "id" UUID NOT NULL,
    "applicationId" UUID NOT NULL,
    "version" TEXT NOT NULL,
    "state" "VersionState" NOT NULL,
    "source" "VersionSource" NOT NULL,
    "websocket" BOOLEAN NOT NULL DEFAULT false,
    "modelServer" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ai_application_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "services" (
    "id" UUID NOT NULL,
    "ownerId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "poolType" "PoolType" NOT NULL,
    "multiPoolLoadBalancing" BOOLEAN NOT NULL DEFAULT false,
    "timeoutMinutes" INTEGER NOT NULL,
    "websocket" BOOLEAN NOT NULL DEFAULT false,
    "dataCollectionEnabled" BOOLEAN NOT NULL DEFAULT false,
    "samplingPercent" INTEGER,
    "retentionDays" INTEGER,
    "trafficLimitRps" INTEGER,
    "state" "ServiceState" NOT NULL DEFAULT 'Deploying',
    "desiredState" "DesiredState" NOT NULL DEFAULT 'Running',
    "stateReason" TEXT,
    "deployDeadline" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "services_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "service_pools" (
    "serviceId" UUID NOT NULL,
    "poolId" UUID NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "service_pools_pkey" PRIMARY KEY ("serviceId","poolId")
);

-- CreateTable
CREATE TABLE "version_configurations" (
    "id" UUID NOT NULL,
    "serviceId" UUID NOT NULL,
    "versionId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "trafficRatio" INTEGER NOT NULL,
    "flavorId" TEXT NOT NULL,
    "computeNodes" INTEGER NOT NULL,
    "envVars" JSONB NOT NULL DEFAULT '[]',

    CONSTRAINT "version_configurations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "instances" (
    "id" UUID NOT NULL,
    "serviceId" UUID NOT NULL,
    "configurationId" UUID NOT NULL,
    "poolId" UUID NOT NULL,
    "flavorId" TEXT NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "state" "InstanceState" NOT NULL DEFAULT 'Pending',
    "port" INTEGER,
    "pid" INTEGER,
    "restarts" INTEGER NOT NULL DEFAULT 0,
    "lastOutput" TEXT,
    "startedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "instances_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "service_events" (
    "id" BIGSERIAL NOT NULL,
    "serviceId" UUID NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "type" TEXT NOT NULL,
    "fromState" "ServiceState",
    "toState" "ServiceState",
    "reason" TEXT NOT NULL,

    CONSTRAINT "service_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "metering_records" (
    "id" BIGSERIAL NOT NULL,
    "userId" UUID NOT NULL,
    "subject" TEXT NOT NULL,
    "serviceId" UUID,
    "serviceName" TEXT,
    "poolId" UUID,
    "flavorId" TEXT NOT NULL,
    "units" INTEGER NOT NULL,
    "periodStart" TIMESTAMP(3) NOT NULL,
    "periodEnd" TIMESTAMP(3) NOT NULL,
    "seconds" INTEGER NOT NULL,
    "amountCents" INTEGER NOT NULL,

    CONSTRAINT "metering_records_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "data_collection_samples" (
    "id" BIGSERIAL NOT NULL,
    "serviceId" UUID NOT NULL,
    "versionId" UUID NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "request" JSONB NOT NULL,
    "response" JSONB NOT NULL,
    "statusCode" INTEGER NOT NULL,
    "latencyMs" INTEGER NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "data_collection_samples_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "idempotency_keys" (
    "userId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "statusCode" INTEGER NOT NULL,
    "responseBody" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("userId","key")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_username_key" ON "users"("username");

-- CreateIndex
CREATE INDEX "sessions_userId_idx" ON "sessions"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "api_tokens_tokenHash_key" ON "api_tokens"("tokenHash");

-- CreateIndex
CREATE INDEX "api_tokens_userId_createdAt_idx" ON "api_tokens"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "resource_pools_type_idx" ON "resource_pools"("type");

-- CreateIndex
CREATE UNIQUE INDEX "resource_pools_ownerId_name_key" ON "resource_pools"("ownerId", "name");

-- CreateIndex
CREATE INDEX "quota_ledger_userId_createdAt_idx" ON "quota_ledger"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "quota_ledger_serviceId_idx" ON "quota_ledger"("serviceId");

-- CreateIndex
CREATE UNIQUE INDEX "ai_applications_ownerId_name_key" ON "ai_applications"("ownerId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "ai_application_versions_applicationId_version_key" ON "ai_application_versions"("applicationId", "version");

-- CreateIndex
CREATE INDEX "services_ownerId_createdAt_idx" ON "services"("ownerId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "services_ownerId_state_idx" ON "services"("ownerId", "state");

-- CreateIndex
CREATE UNIQUE INDEX "services_ownerId_name_key" ON "services"("ownerId", "name");

-- CreateIndex
CREATE INDEX "service_pools_poolId_idx" ON "service_pools"("poolId");

-- CreateIndex
CREATE UNIQUE INDEX "version_configurations_serviceId_versionId_key" ON "version_configurations"("serviceId", "versionId");

-- CreateIndex
CREATE INDEX "instances_serviceId_idx" ON "instances"("serviceId");

-- CreateIndex
CREATE UNIQUE INDEX "instances_configurationId_poolId_ordinal_key" ON "instances"("configurationId", "poolId", "ordinal");

-- CreateIndex
CREATE INDEX "service_events_serviceId_at_idx" ON "service_events"("serviceId", "at");

-- CreateIndex
CREATE INDEX "metering_records_userId_periodStart_idx" ON "metering_records"("userId", "periodStart");

-- CreateIndex
CREATE INDEX "metering_records_serviceId_periodStart_idx" ON "metering_records"("serviceId", "periodStart");

-- CreateIndex
CREATE INDEX "metering_records_poolId_periodStart_idx" ON "metering_records"("poolId", "periodStart");

-- CreateIndex
CREATE INDEX "data_collection_samples_serviceId_at_idx" ON "data_collection_samples"("serviceId", "at");

-- CreateIndex
CREATE INDEX "data_collection_samples_expiresAt_idx" ON "data_collection_samples"("expiresAt");

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "resource_pools" ADD CONSTRAINT "resource_pools_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "resource_pools" ADD CONSTRAINT "resource_pools_flavorId_fkey" FOREIGN KEY ("flavorId") REFERENCES "specifications"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "quotas" ADD CONSTRAINT "quotas_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "quota_ledger" ADD CONSTRAINT "quota_ledger_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "quota_ledger" ADD CONSTRAINT "quota_ledger_poolId_fkey" FOREIGN KEY ("poolId") REFERENCES "resource_pools"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ai_applications" ADD CONSTRAINT "ai_applications_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ai_application_versions" ADD CONSTRAINT "ai_application_versions_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "ai_applications"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "services" ADD CONSTRAINT "services_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "service_pools" ADD CONSTRAINT "service_pools_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "services"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "service_pools" ADD CONSTRAINT "service_pools_poolId_fkey" FOREIGN KEY ("poolId") REFERENCES "resource_pools"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "version_configurations" ADD CONSTRAINT "version_configurations_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "services"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "version_configurations" ADD CONSTRAINT "version_configurations_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "ai_application_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "version_configurations" ADD CONSTRAINT "version_configurations_flavorId_fkey" FOREIGN KEY ("flavorId") REFERENCES "specifications"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "instances" ADD CONSTRAINT "instances_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "services"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "instances" ADD CONSTRAINT "instances_configurationId_fkey" FOREIGN KEY ("configurationId") REFERENCES "version_configurations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "instances" ADD CONSTRAINT "instances_poolId_fkey" FOREIGN KEY ("poolId") REFERENCES "resource_pools"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "instances" ADD CONSTRAINT "instances_flavorId_fkey" FOREIGN KEY ("flavorId") REFERENCES "specifications"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "service_events" ADD CONSTRAINT "service_events_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "services"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "metering_records" ADD CONSTRAINT "metering_records_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "metering_records" ADD CONSTRAINT "metering_records_poolId_fkey" FOREIGN KEY ("poolId") REFERENCES "resource_pools"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "metering_records" ADD CONSTRAINT "metering_records_flavorId_fkey" FOREIGN KEY ("flavorId") REFERENCES "specifications"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "data_collection_samples" ADD CONSTRAINT "data_collection_samples_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "services"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
