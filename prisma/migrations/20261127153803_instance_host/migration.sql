-- AlterTable
ALTER TABLE "instances" ADD COLUMN     "host" TEXT;
