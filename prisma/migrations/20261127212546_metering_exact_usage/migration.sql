-- Meter exact usage instead of whole cents per record (R13): a one-minute record of a 12 cents per hour
-- flavor is 0.2 cent, which the old rounding metered as nothing.

-- AlterTable
ALTER TABLE "metering_records" ADD COLUMN     "milliseconds" BIGINT,
ADD COLUMN     "pricePerHourCents" INTEGER,
ADD COLUMN     "unitMilliseconds" BIGINT;

-- Existing records: the worker always set periodEnd to its watermark, so the period, stored to the
-- millisecond, is the exact time metered, where the seconds column had dropped its fraction. No
-- price history exists, so the current price of the flavor prices them, as it did when written.
UPDATE "metering_records" m
   SET "milliseconds" = GREATEST(0, ROUND(EXTRACT(EPOCH FROM (m."periodEnd" - m."periodStart")) * 1000))::BIGINT,
       "pricePerHourCents" = s."pricePerHourCents"
  FROM "specifications" s
 WHERE s.id = m."flavorId";
UPDATE "metering_records" SET "unitMilliseconds" = "units"::BIGINT * "milliseconds";

ALTER TABLE "metering_records" ALTER COLUMN "milliseconds" SET NOT NULL,
ALTER COLUMN "pricePerHourCents" SET NOT NULL,
ALTER COLUMN "unitMilliseconds" SET NOT NULL,
DROP COLUMN "amountCents",
DROP COLUMN "seconds";
