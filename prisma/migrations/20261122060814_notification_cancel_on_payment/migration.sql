-- AlterEnum
ALTER TYPE "NotificationStatus" ADD VALUE 'cancelled';

-- AlterTable
ALTER TABLE "Notification" ADD COLUMN     "billId" UUID;

-- CreateIndex
CREATE INDEX "Notification_billId_idx" ON "Notification"("billId");
