-- AlterTable
ALTER TABLE "OutboxJob" ADD COLUMN     "completedAt" TIMESTAMPTZ;

-- CreateIndex
CREATE INDEX "OutboxJob_completedAt_relayedAt_idx" ON "OutboxJob"("completedAt", "relayedAt");
