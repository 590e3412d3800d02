-- AlterTable
ALTER TABLE "resource_pools" ADD COLUMN     "meteredUntil" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "services" ADD COLUMN     "meteredUntil" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "instances" ADD COLUMN     "exitedAt" TIMESTAMP(3),
ADD COLUMN     "healthyAt" TIMESTAMP(3),
ADD COLUMN     "lastCheck" TEXT,
ADD COLUMN     "workerId" TEXT;

-- CreateTable
CREATE TABLE "service_metric_minutes" (
    "serviceId" UUID NOT NULL,
    "minute" TIMESTAMP(3) NOT NULL,
    "calls" INTEGER NOT NULL DEFAULT 0,
    "errors" INTEGER NOT NULL DEFAULT 0,
    "latencySumMs" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "latencyBuckets" INTEGER[],

    CONSTRAINT "service_metric_minutes_pkey" PRIMARY KEY ("serviceId","minute")
);

-- AddForeignKey
ALTER TABLE "service_metric_minutes" ADD CONSTRAINT "service_metric_minutes_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "services"("id") ON DELETE CASCADE ON UPDATE CASCADE;

