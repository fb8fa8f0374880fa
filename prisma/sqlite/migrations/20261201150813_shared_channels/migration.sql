-- CreateTable
CREATE TABLE "SharedChannel" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "platform" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "teamId" TEXT,
    "accountId" TEXT NOT NULL,
    "linkedById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SharedChannel_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "SharedChannel_accountId_idx" ON "SharedChannel"("accountId");

-- CreateIndex
CREATE UNIQUE INDEX "SharedChannel_platform_channelId_key" ON "SharedChannel"("platform", "channelId");
