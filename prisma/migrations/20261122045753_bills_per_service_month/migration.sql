-- DropIndex
DROP INDEX "Bill_memberId_period_key";

-- CreateIndex
CREATE INDEX "Bill_memberId_period_idx" ON "Bill"("memberId", "period");
