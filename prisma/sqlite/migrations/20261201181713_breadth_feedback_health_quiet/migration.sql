-- AlterTable
ALTER TABLE "ChannelBinding" ADD COLUMN "quietHours" JSONB;

-- CreateTable
CREATE TABLE "Feedback" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "accountId" TEXT NOT NULL,
    "scale" TEXT NOT NULL DEFAULT 'nps',
    "score" INTEGER,
    "comment" TEXT,
    "contactName" TEXT,
    "at" DATETIME NOT NULL,
    "source" TEXT NOT NULL,
    "byPersonId" TEXT,
    "idempotencyKey" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Feedback_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "HealthSnapshot" (
    "accountId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "components" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("accountId", "day"),
    CONSTRAINT "HealthSnapshot_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PostBudget" (
    "bindingId" TEXT NOT NULL,
    "ownerKey" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "used" INTEGER NOT NULL,

    PRIMARY KEY ("bindingId", "ownerKey", "day")
);

-- CreateTable
CREATE TABLE "HeldNudge" (
    "nudgeId" INTEGER NOT NULL,
    "bindingId" TEXT NOT NULL,
    "heldAt" DATETIME NOT NULL,
    "digestedAt" DATETIME,

    PRIMARY KEY ("nudgeId", "bindingId"),
    CONSTRAINT "HeldNudge_nudgeId_fkey" FOREIGN KEY ("nudgeId") REFERENCES "Nudge" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "HeldNudge_bindingId_fkey" FOREIGN KEY ("bindingId") REFERENCES "ChannelBinding" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Person" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "role" TEXT NOT NULL DEFAULT 'rep',
    "slackUserId" TEXT,
    "teamsUserId" TEXT,
    "managerId" TEXT,
    "timeZone" TEXT,
    "quietHours" JSONB,
    "compactNudges" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Person_managerId_fkey" FOREIGN KEY ("managerId") REFERENCES "Person" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Person" ("createdAt", "email", "id", "managerId", "name", "role", "slackUserId", "teamsUserId") SELECT "createdAt", "email", "id", "managerId", "name", "role", "slackUserId", "teamsUserId" FROM "Person";
DROP TABLE "Person";
ALTER TABLE "new_Person" RENAME TO "Person";
CREATE UNIQUE INDEX "Person_email_key" ON "Person"("email");
CREATE UNIQUE INDEX "Person_slackUserId_key" ON "Person"("slackUserId");
CREATE UNIQUE INDEX "Person_teamsUserId_key" ON "Person"("teamsUserId");
CREATE TABLE "new_Account" (
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
    "lastInboundAt" DATETIME,
    "lastOutboundAt" DATETIME,
    "unansweredOutbound" INTEGER NOT NULL DEFAULT 0,
    "unansweredSince" DATETIME,
    "mainContact" TEXT,
    "otherContactAt" DATETIME,
    "feedbackId" INTEGER,
    "feedbackAt" DATETIME,
    "feedbackScore" INTEGER,
    "feedbackScale" TEXT,
    "feedbackAskedAt" DATETIME,
    "healthTrend" TEXT,
    "scanDigest" TEXT,
    "scanFrom" DATETIME,
    "scanUntil" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Account_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Person" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Account" ("annualValue", "cadenceDueDays", "cadenceOverdueDays", "createdAt", "externalId", "id", "lastComplaintAt", "lastCustomerTouchAt", "name", "nameKey", "ownerId", "renewalDate", "scanDigest", "scanFrom", "scanUntil", "segment", "stage", "stageSince", "timeZone", "updatedAt") SELECT "annualValue", "cadenceDueDays", "cadenceOverdueDays", "createdAt", "externalId", "id", "lastComplaintAt", "lastCustomerTouchAt", "name", "nameKey", "ownerId", "renewalDate", "scanDigest", "scanFrom", "scanUntil", "segment", "stage", "stageSince", "timeZone", "updatedAt" FROM "Account";
DROP TABLE "Account";
ALTER TABLE "new_Account" RENAME TO "Account";
CREATE UNIQUE INDEX "Account_externalId_key" ON "Account"("externalId");
CREATE INDEX "Account_nameKey_idx" ON "Account"("nameKey");
CREATE INDEX "Account_ownerId_idx" ON "Account"("ownerId");
CREATE INDEX "Account_segment_idx" ON "Account"("segment");
CREATE TABLE "new_Contact" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL,
    "email" TEXT,
    "title" TEXT,
    "phone" TEXT,
    "role" TEXT NOT NULL DEFAULT 'other',
    "isPrimary" BOOLEAN NOT NULL DEFAULT false,
    "source" TEXT NOT NULL DEFAULT 'api',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Contact_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Contact" ("accountId", "createdAt", "email", "id", "isPrimary", "name", "phone", "title") SELECT "accountId", "createdAt", "email", "id", "isPrimary", "name", "phone", "title" FROM "Contact";
DROP TABLE "Contact";
ALTER TABLE "new_Contact" RENAME TO "Contact";
CREATE UNIQUE INDEX "Contact_accountId_nameKey_key" ON "Contact"("accountId", "nameKey");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Feedback_idempotencyKey_key" ON "Feedback"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Feedback_accountId_at_idx" ON "Feedback"("accountId", "at");

-- CreateIndex
CREATE INDEX "HealthSnapshot_day_idx" ON "HealthSnapshot"("day");

-- CreateIndex
CREATE INDEX "HeldNudge_bindingId_digestedAt_idx" ON "HeldNudge"("bindingId", "digestedAt");

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
