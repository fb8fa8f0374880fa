-- CreateEnum
CREATE TYPE "ContactRole" AS ENUM ('champion', 'decision_maker', 'user', 'other');

-- CreateEnum
CREATE TYPE "FeedbackScale" AS ENUM ('nps', 'csat');

-- DropIndex
DROP INDEX "Contact_accountId_idx";

-- AlterTable
ALTER TABLE "Person" ADD COLUMN     "compactNudges" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "quietHours" JSONB,
ADD COLUMN     "timeZone" TEXT;

-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "feedbackAskedAt" TIMESTAMP(3),
ADD COLUMN     "feedbackAt" TIMESTAMP(3),
ADD COLUMN     "feedbackId" INTEGER,
ADD COLUMN     "feedbackScale" "FeedbackScale",
ADD COLUMN     "feedbackScore" INTEGER,
ADD COLUMN     "healthTrend" TEXT,
ADD COLUMN     "lastInboundAt" TIMESTAMP(3),
ADD COLUMN     "lastOutboundAt" TIMESTAMP(3),
ADD COLUMN     "mainContact" TEXT,
ADD COLUMN     "otherContactAt" TIMESTAMP(3),
ADD COLUMN     "unansweredOutbound" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "unansweredSince" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Contact" ADD COLUMN     "nameKey" TEXT NOT NULL,
ADD COLUMN     "role" "ContactRole" NOT NULL DEFAULT 'other',
ADD COLUMN     "source" TEXT NOT NULL DEFAULT 'api',
ADD COLUMN     "updatedAt" TIMESTAMP(3) NOT NULL;

-- AlterTable
ALTER TABLE "ChannelBinding" ADD COLUMN     "quietHours" JSONB;

-- CreateTable
CREATE TABLE "Feedback" (
    "id" SERIAL NOT NULL,
    "accountId" TEXT NOT NULL,
    "scale" "FeedbackScale" NOT NULL DEFAULT 'nps',
    "score" INTEGER,
    "comment" TEXT,
    "contactName" TEXT,
    "at" TIMESTAMP(3) NOT NULL,
    "source" TEXT NOT NULL,
    "byPersonId" TEXT,
    "idempotencyKey" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Feedback_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HealthSnapshot" (
    "accountId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "components" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HealthSnapshot_pkey" PRIMARY KEY ("accountId","day")
);

-- CreateTable
CREATE TABLE "PostBudget" (
    "bindingId" TEXT NOT NULL,
    "ownerKey" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "used" INTEGER NOT NULL,

    CONSTRAINT "PostBudget_pkey" PRIMARY KEY ("bindingId","ownerKey","day")
);

-- CreateTable
CREATE TABLE "HeldNudge" (
    "nudgeId" INTEGER NOT NULL,
    "bindingId" TEXT NOT NULL,
    "heldAt" TIMESTAMP(3) NOT NULL,
    "digestedAt" TIMESTAMP(3),

    CONSTRAINT "HeldNudge_pkey" PRIMARY KEY ("nudgeId","bindingId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Feedback_idempotencyKey_key" ON "Feedback"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Feedback_accountId_at_idx" ON "Feedback"("accountId", "at");

-- CreateIndex
CREATE INDEX "HealthSnapshot_day_idx" ON "HealthSnapshot"("day");

-- CreateIndex
CREATE INDEX "HeldNudge_bindingId_digestedAt_idx" ON "HeldNudge"("bindingId", "digestedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Contact_accountId_nameKey_key" ON "Contact"("accountId", "nameKey");

-- AddForeignKey
ALTER TABLE "Feedback" ADD CONSTRAINT "Feedback_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HealthSnapshot" ADD CONSTRAINT "HealthSnapshot_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HeldNudge" ADD CONSTRAINT "HeldNudge_nudgeId_fkey" FOREIGN KEY ("nudgeId") REFERENCES "Nudge"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HeldNudge" ADD CONSTRAINT "HeldNudge_bindingId_fkey" FOREIGN KEY ("bindingId") REFERENCES "ChannelBinding"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill: the touch aggregates of existing accounts (src/activity/touchAggregates.ts)
UPDATE "Account" SET
    "lastInboundAt" = (SELECT MAX(t."occurredAt") FROM "Touchpoint" t WHERE t."accountId" = "Account"."id" AND t."direction" = 'inbound'),
    "lastOutboundAt" = (SELECT MAX(t."occurredAt") FROM "Touchpoint" t WHERE t."accountId" = "Account"."id" AND t."direction" = 'outbound'),
    "unansweredOutbound" = (SELECT COUNT(*) FROM "Touchpoint" t WHERE t."accountId" = "Account"."id" AND t."direction" = 'outbound' AND NOT EXISTS (
    SELECT 1 FROM "Touchpoint" i WHERE i."accountId" = t."accountId" AND i."direction" = 'inbound' AND i."occurredAt" >= t."occurredAt")),
    "unansweredSince" = (SELECT MIN(t."occurredAt") FROM "Touchpoint" t WHERE t."accountId" = "Account"."id" AND t."direction" = 'outbound' AND NOT EXISTS (
    SELECT 1 FROM "Touchpoint" i WHERE i."accountId" = t."accountId" AND i."direction" = 'inbound' AND i."occurredAt" >= t."occurredAt")),
    "mainContact" = (SELECT m."contactName" FROM "Touchpoint" m WHERE m."accountId" = "Account"."id" AND m."direction" <> 'internal'
    AND m."contactName" IS NOT NULL ORDER BY m."occurredAt" DESC, m."id" DESC LIMIT 1),
    "otherContactAt" = (SELECT MAX(t."occurredAt") FROM "Touchpoint" t WHERE t."accountId" = "Account"."id" AND t."direction" <> 'internal'
      AND t."contactName" IS NOT NULL AND lower(t."contactName") <> lower((SELECT m."contactName" FROM "Touchpoint" m WHERE m."accountId" = "Account"."id" AND m."direction" <> 'internal'
    AND m."contactName" IS NOT NULL ORDER BY m."occurredAt" DESC, m."id" DESC LIMIT 1)));
