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

-- Live state for the console: every service insert, state change and delete is announced on the
-- `service_state` channel, whoever wrote it (API or worker). Prisma does not model triggers.
CREATE FUNCTION notify_service_state() RETURNS trigger AS $$
DECLARE
  row services%ROWTYPE;
BEGIN
  IF TG_OP = 'DELETE' THEN row := OLD; ELSE row := NEW; END IF;
  PERFORM pg_notify('service_state', json_build_object(
    'serviceId', row.id,
    'ownerId', row."ownerId",
    'state', CASE WHEN TG_OP = 'DELETE' THEN 'Deleted' ELSE row.state::text END,
    'stateReason', row."stateReason",
    'op', TG_OP
  )::text);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER services_notify_state
  AFTER INSERT OR DELETE OR UPDATE OF state, "stateReason" ON services
  FOR EACH ROW EXECUTE FUNCTION notify_service_state();
