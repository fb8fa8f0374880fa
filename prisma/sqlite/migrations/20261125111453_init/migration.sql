-- CreateTable
CREATE TABLE "Person" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "role" TEXT NOT NULL DEFAULT 'rep',
    "slackUserId" TEXT,
    "teamsUserId" TEXT,
    "managerId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Person_managerId_fkey" FOREIGN KEY ("managerId") REFERENCES "Person" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Account" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL,
    "externalId" TEXT,
    "ownerId" TEXT,
    "segment" TEXT,
    "stage" TEXT NOT NULL DEFAULT 'awareness',
    "stageSince" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "renewalDate" TEXT,
    "annualValue" REAL,
    "timeZone" TEXT NOT NULL DEFAULT 'UTC',
    "cadenceDueDays" INTEGER,
    "cadenceOverdueDays" INTEGER,
    "lastCustomerTouchAt" DATETIME,
    "lastComplaintAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Account_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Person" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Contact" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "title" TEXT,
    "phone" TEXT,
    "isPrimary" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Contact_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Touchpoint" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "occurredAt" DATETIME NOT NULL,
    "byPersonId" TEXT,
    "byName" TEXT,
    "contactName" TEXT,
    "summary" TEXT,
    "source" TEXT NOT NULL,
    "idempotencyKey" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Touchpoint_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Complaint" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "accountId" TEXT NOT NULL,
    "openedAt" DATETIME NOT NULL,
    "severity" TEXT NOT NULL DEFAULT 'medium',
    "summary" TEXT NOT NULL,
    "externalId" TEXT,
    "source" TEXT NOT NULL,
    "openedById" TEXT,
    "firstResponseAt" DATETIME,
    "firstResponseById" TEXT,
    "firstResponseNote" TEXT,
    "resolvedAt" DATETIME,
    "resolvedById" TEXT,
    "resolution" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Complaint_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "StageChange" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "fromStage" TEXT,
    "toStage" TEXT NOT NULL,
    "byId" TEXT,
    "byName" TEXT,
    "at" DATETIME NOT NULL,
    "reason" TEXT,
    "kind" TEXT NOT NULL,
    CONSTRAINT "StageChange_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Nudge" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "dedupeKey" TEXT NOT NULL,
    "rule" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "facts" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "conditionSince" DATETIME NOT NULL,
    "firstRaisedAt" DATETIME NOT NULL,
    "raisedAt" DATETIME NOT NULL,
    "snoozedUntil" DATETIME,
    "escalatedAt" DATETIME,
    "actedById" TEXT,
    "actedByName" TEXT,
    "actedAt" DATETIME,
    "actionNote" TEXT,
    "resolvedAt" DATETIME,
    "resolution" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Nudge_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "NudgeEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "nudgeId" INTEGER NOT NULL,
    "at" DATETIME NOT NULL,
    "type" TEXT NOT NULL,
    "byId" TEXT,
    "byName" TEXT,
    "detail" TEXT,
    CONSTRAINT "NudgeEvent_nudgeId_fkey" FOREIGN KEY ("nudgeId") REFERENCES "Nudge" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ChannelBinding" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "platform" TEXT NOT NULL,
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
    "lastDigestAt" DATETIME,
    "conversationRef" JSONB,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Delivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "dedupeKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "bindingId" TEXT NOT NULL,
    "nudgeIds" JSONB NOT NULL,
    "payload" JSONB,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL,
    "lockedUntil" DATETIME,
    "lockedBy" TEXT,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" DATETIME,
    CONSTRAINT "Delivery_bindingId_fkey" FOREIGN KEY ("bindingId") REFERENCES "ChannelBinding" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "NudgeMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "nudgeId" INTEGER NOT NULL,
    "platform" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "messageRef" TEXT NOT NULL,
    "shownNudgeIds" JSONB NOT NULL,
    "version" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "NudgeMessage_nudgeId_fkey" FOREIGN KEY ("nudgeId") REFERENCES "Nudge" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "JobLease" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "holder" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL
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
