-- CreateEnum
CREATE TYPE "TouchpointDirection" AS ENUM ('inbound', 'outbound', 'internal');

-- AlterTable
ALTER TABLE "Touchpoint" ADD COLUMN     "direction" "TouchpointDirection" NOT NULL DEFAULT 'outbound';

-- Existing touchpoints: a note is internal, everything else was logged as our contact (outbound).
UPDATE "Touchpoint" SET "direction" = 'internal' WHERE "kind" = 'note';
