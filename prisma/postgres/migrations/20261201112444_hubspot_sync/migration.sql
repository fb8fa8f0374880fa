-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "domain" TEXT;

-- CreateTable
CREATE TABLE "ConnectorSync" (
    "source" TEXT NOT NULL,
    "since" TIMESTAMP(3),
    "phase" TEXT NOT NULL,
    "cursor" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),
    "counts" JSONB NOT NULL,

    CONSTRAINT "ConnectorSync_pkey" PRIMARY KEY ("source")
);

-- CreateIndex
CREATE INDEX "Account_domain_idx" ON "Account"("domain");
