-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Touchpoint" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "direction" TEXT NOT NULL DEFAULT 'outbound',
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
INSERT INTO "new_Touchpoint" ("accountId", "byName", "byPersonId", "contactName", "createdAt", "id", "idempotencyKey", "kind", "occurredAt", "source", "summary") SELECT "accountId", "byName", "byPersonId", "contactName", "createdAt", "id", "idempotencyKey", "kind", "occurredAt", "source", "summary" FROM "Touchpoint";
DROP TABLE "Touchpoint";
ALTER TABLE "new_Touchpoint" RENAME TO "Touchpoint";
CREATE UNIQUE INDEX "Touchpoint_idempotencyKey_key" ON "Touchpoint"("idempotencyKey");
CREATE INDEX "Touchpoint_accountId_occurredAt_idx" ON "Touchpoint"("accountId", "occurredAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- Existing touchpoints: a note is internal, everything else was logged as our contact (outbound).
UPDATE "Touchpoint" SET "direction" = 'internal' WHERE "kind" = 'note';
