-- CreateTable
CREATE TABLE "SharedChannel" (
    "id" TEXT NOT NULL,
    "platform" "Platform" NOT NULL,
    "channelId" TEXT NOT NULL,
    "teamId" TEXT,
    "accountId" TEXT NOT NULL,
    "linkedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SharedChannel_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SharedChannel_accountId_idx" ON "SharedChannel"("accountId");

-- CreateIndex
CREATE UNIQUE INDEX "SharedChannel_platform_channelId_key" ON "SharedChannel"("platform", "channelId");

-- AddForeignKey
ALTER TABLE "SharedChannel" ADD CONSTRAINT "SharedChannel_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;
