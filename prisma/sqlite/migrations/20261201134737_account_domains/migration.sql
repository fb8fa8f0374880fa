-- CreateTable
CREATE TABLE "AccountDomain" (
    "domain" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AccountDomain_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- The domain each account had (a HubSpot company's) becomes its first domain.
INSERT OR IGNORE INTO "AccountDomain" ("domain", "accountId", "source", "createdAt")
SELECT lower(trim("domain")), "id", 'hubspot', "updatedAt" FROM "Account" WHERE "domain" IS NOT NULL AND trim("domain") <> '';

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
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
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "AccountDomain_accountId_idx" ON "AccountDomain"("accountId");
