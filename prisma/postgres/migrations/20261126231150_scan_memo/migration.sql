-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "scanDigest" TEXT,
ADD COLUMN     "scanFrom" TIMESTAMP(3),
ADD COLUMN     "scanUntil" TIMESTAMP(3);
