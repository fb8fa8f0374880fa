-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Stage" AS ENUM ('awareness', 'consideration', 'purchase', 'onboarding', 'retention', 'advocacy', 'exit');

-- CreateEnum
CREATE TYPE "TouchpointKind" AS ENUM ('call', 'email', 'meeting', 'message', 'note', 'qbr', 'other');

-- CreateEnum
CREATE TYPE "ComplaintSeverity" AS ENUM ('low', 'medium', 'high', 'critical');

-- CreateEnum
CREATE TYPE "NudgeSeverity" AS ENUM ('info', 'warning', 'critical');

-- CreateEnum
CREATE TYPE "NudgeStatus" AS ENUM ('open', 'acknowledged', 'snoozed', 'resolved');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('viewer', 'rep', 'manager', 'admin');

-- CreateEnum
CREATE TYPE "Platform" AS ENUM ('slack', 'teams', 'console');

-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('pending', 'sending', 'sent', 'failed');

-- CreateTable
CREATE TABLE "Person" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "role" "Role" NOT NULL DEFAULT 'rep',
    "slackUserId" TEXT,
    "teamsUserId" TEXT,
    "managerId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Account" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL,
    "externalId" TEXT,
    "ownerId" TEXT,
    "segment" TEXT,
    "stage" "Stage" NOT NULL DEFAULT 'awareness',
    "stageSince" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "renewalDate" TEXT,
    "annualValue" DOUBLE PRECISION,
    "timeZone" TEXT NOT NULL DEFAULT 'UTC',
    "cadenceDueDays" INTEGER,
    "cadenceOverdueDays" INTEGER,
    "lastCustomerTouchAt" TIMESTAMP(3),
    "lastComplaintAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Contact" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "title" TEXT,
    "phone" TEXT,
    "isPrimary" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Contact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Touchpoint" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "kind" "TouchpointKind" NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "byPersonId" TEXT,
    "byName" TEXT,
    "contactName" TEXT,
    "summary" TEXT,
    "source" TEXT NOT NULL,
    "idempotencyKey" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Touchpoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Complaint" (
    "id" SERIAL NOT NULL,
    "accountId" TEXT NOT NULL,
    "openedAt" TIMESTAMP(3) NOT NULL,
    "severity" "ComplaintSeverity" NOT NULL DEFAULT 'medium',
    "summary" TEXT NOT NULL,
    "externalId" TEXT,
    "source" TEXT NOT NULL,
    "openedById" TEXT,
    "firstResponseAt" TIMESTAMP(3),
    "firstResponseById" TEXT,
    "firstResponseNote" TEXT,
    "resolvedAt" TIMESTAMP(3),
    "resolvedById" TEXT,
    "resolution" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Complaint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StageChange" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "fromStage" "Stage",
    "toStage" "Stage" NOT NULL,
    "byId" TEXT,
    "byName" TEXT,
    "at" TIMESTAMP(3) NOT NULL,
    "reason" TEXT,
    "kind" TEXT NOT NULL,

    CONSTRAINT "StageChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Nudge" (
    "id" SERIAL NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "rule" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "severity" "NudgeSeverity" NOT NULL,
    "reason" TEXT NOT NULL,
    "facts" JSONB NOT NULL,
    "status" "NudgeStatus" NOT NULL DEFAULT 'open',
    "conditionSince" TIMESTAMP(3) NOT NULL,
    "firstRaisedAt" TIMESTAMP(3) NOT NULL,
    "raisedAt" TIMESTAMP(3) NOT NULL,
    "snoozedUntil" TIMESTAMP(3),
    "escalatedAt" TIMESTAMP(3),
    "actedById" TEXT,
    "actedByName" TEXT,
    "actedAt" TIMESTAMP(3),
    "actionNote" TEXT,
    "resolvedAt" TIMESTAMP(3),
    "resolution" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Nudge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NudgeEvent" (
    "id" TEXT NOT NULL,
    "nudgeId" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "type" TEXT NOT NULL,
    "byId" TEXT,
    "byName" TEXT,
    "detail" TEXT,

    CONSTRAINT "NudgeEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChannelBinding" (
    "id" TEXT NOT NULL,
    "platform" "Platform" NOT NULL,
    "channelId" TEXT NOT NULL,
    "teamId" TEXT,
    "channelName" TEXT,
    "scope" TEXT NOT NULL DEFAULT 'all',
    "scopeValue" TEXT,
    "rules" JSONB NOT NULL,
    "digestCadence" TEXT NOT NULL DEFAULT 'off',
    "digestTime" TEXT NOT NULL DEFAULT '09:00',
    "digestWeekday" INTEGER NOT NULL DEFAULT 1,
    "timeZone" TEXT NOT NULL DEFAULT 'UTC',
    "lastDigestAt" TIMESTAMP(3),
    "conversationRef" JSONB,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ChannelBinding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Delivery" (
    "id" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "bindingId" TEXT NOT NULL,
    "nudgeIds" JSONB NOT NULL,
    "payload" JSONB,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL,
    "lockedUntil" TIMESTAMP(3),
    "lockedBy" TEXT,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "Delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NudgeMessage" (
    "id" TEXT NOT NULL,
    "nudgeId" INTEGER NOT NULL,
    "platform" "Platform" NOT NULL,
    "channelId" TEXT NOT NULL,
    "messageRef" TEXT NOT NULL,
    "shownNudgeIds" JSONB NOT NULL,
    "version" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NudgeMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobLease" (
    "name" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "JobLease_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE UNIQUE INDEX "Person_email_key" ON "Person"("email");

-- CreateIndex
CREATE UNIQUE INDEX "Person_slackUserId_key" ON "Person"("slackUserId");

-- CreateIndex
CREATE UNIQUE INDEX "Person_teamsUserId_key" ON "Person"("teamsUserId");

-- CreateIndex
CREATE UNIQUE INDEX "Account_externalId_key" ON "Account"("externalId");

-- CreateIndex
CREATE INDEX "Account_nameKey_idx" ON "Account"("nameKey");

-- CreateIndex
CREATE INDEX "Account_ownerId_idx" ON "Account"("ownerId");

-- CreateIndex
CREATE INDEX "Account_segment_idx" ON "Account"("segment");

-- CreateIndex
CREATE INDEX "Contact_accountId_idx" ON "Contact"("accountId");

-- CreateIndex
CREATE UNIQUE INDEX "Touchpoint_idempotencyKey_key" ON "Touchpoint"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Touchpoint_accountId_occurredAt_idx" ON "Touchpoint"("accountId", "occurredAt");

-- CreateIndex
CREATE UNIQUE INDEX "Complaint_externalId_key" ON "Complaint"("externalId");

-- CreateIndex
CREATE INDEX "Complaint_accountId_resolvedAt_idx" ON "Complaint"("accountId", "resolvedAt");

-- CreateIndex
CREATE INDEX "Complaint_resolvedAt_idx" ON "Complaint"("resolvedAt");

-- CreateIndex
CREATE INDEX "StageChange_accountId_at_idx" ON "StageChange"("accountId", "at");

-- CreateIndex
CREATE INDEX "StageChange_at_idx" ON "StageChange"("at");

-- CreateIndex
CREATE UNIQUE INDEX "Nudge_dedupeKey_key" ON "Nudge"("dedupeKey");

-- CreateIndex
CREATE INDEX "Nudge_status_accountId_idx" ON "Nudge"("status", "accountId");

-- CreateIndex
CREATE INDEX "Nudge_accountId_status_idx" ON "Nudge"("accountId", "status");

-- CreateIndex
CREATE INDEX "Nudge_status_snoozedUntil_idx" ON "Nudge"("status", "snoozedUntil");

-- CreateIndex
CREATE INDEX "NudgeEvent_nudgeId_at_idx" ON "NudgeEvent"("nudgeId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "ChannelBinding_platform_channelId_key" ON "ChannelBinding"("platform", "channelId");

-- CreateIndex
CREATE UNIQUE INDEX "Delivery_dedupeKey_key" ON "Delivery"("dedupeKey");

-- CreateIndex
CREATE INDEX "Delivery_status_nextAttemptAt_idx" ON "Delivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "NudgeMessage_platform_channelId_messageRef_idx" ON "NudgeMessage"("platform", "channelId", "messageRef");

-- CreateIndex
CREATE UNIQUE INDEX "NudgeMessage_nudgeId_platform_channelId_key" ON "NudgeMessage"("nudgeId", "platform", "channelId");

-- AddForeignKey
ALTER TABLE "Person" ADD CONSTRAINT "Person_managerId_fkey" FOREIGN KEY ("managerId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Account" ADD CONSTRAINT "Account_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Contact" ADD CONSTRAINT "Contact_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Touchpoint" ADD CONSTRAINT "Touchpoint_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Complaint" ADD CONSTRAINT "Complaint_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StageChange" ADD CONSTRAINT "StageChange_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Nudge" ADD CONSTRAINT "Nudge_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NudgeEvent" ADD CONSTRAINT "NudgeEvent_nudgeId_fkey" FOREIGN KEY ("nudgeId") REFERENCES "Nudge"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_bindingId_fkey" FOREIGN KEY ("bindingId") REFERENCES "ChannelBinding"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NudgeMessage" ADD CONSTRAINT "NudgeMessage_nudgeId_fkey" FOREIGN KEY ("nudgeId") REFERENCES "Nudge"("id") ON DELETE CASCADE ON UPDATE CASCADE;
