-- CreateTable
CREATE TABLE "AccountDomain" (
    "domain" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AccountDomain_pkey" PRIMARY KEY ("domain")
);

-- CreateIndex
CREATE INDEX "AccountDomain_accountId_idx" ON "AccountDomain"("accountId");

-- AddForeignKey
ALTER TABLE "AccountDomain" ADD CONSTRAINT "AccountDomain_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The domain each account had (a HubSpot company's) becomes its first domain.
INSERT INTO "AccountDomain" ("domain", "accountId", "source", "createdAt")
SELECT lower(trim("domain")), "id", 'hubspot', "updatedAt" FROM "Account" WHERE "domain" IS NOT NULL AND trim("domain") <> ''
ON CONFLICT ("domain") DO NOTHING;

-- DropIndex
DROP INDEX "Account_domain_idx";

-- AlterTable
ALTER TABLE "Account" DROP COLUMN "domain";
