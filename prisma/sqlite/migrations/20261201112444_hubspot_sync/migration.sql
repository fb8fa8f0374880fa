-- AlterTable
ALTER TABLE "Account" ADD COLUMN "domain" TEXT;

-- CreateTable
CREATE TABLE "ConnectorSync" (
    "source" TEXT NOT NULL PRIMARY KEY,
    "since" DATETIME,
    "phase" TEXT NOT NULL,
    "cursor" TEXT,
    "startedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    "counts" JSONB NOT NULL
);

-- CreateIndex
CREATE INDEX "Account_domain_idx" ON "Account"("domain");
