-- AlterTable
ALTER TABLE "Account" ADD COLUMN "scanDigest" TEXT;
ALTER TABLE "Account" ADD COLUMN "scanFrom" DATETIME;
ALTER TABLE "Account" ADD COLUMN "scanUntil" DATETIME;
