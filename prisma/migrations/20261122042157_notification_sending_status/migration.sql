-- AlterEnum
ALTER TYPE "NotificationStatus" ADD VALUE 'sending';
