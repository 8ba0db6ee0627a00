-- CreateEnum
CREATE TYPE "Country" AS ENUM ('KZ', 'RU');

-- CreateEnum
CREATE TYPE "Currency" AS ENUM ('KZT', 'RUB');

-- CreateEnum
CREATE TYPE "Language" AS ENUM ('ru', 'kk');

-- CreateEnum
CREATE TYPE "Channel" AS ENUM ('telegram', 'webchat', 'slack', 'sms', 'email', 'call', 'cli', 'backoffice');

-- CreateEnum
CREATE TYPE "ProgrammeKind" AS ENUM ('telemed', 'dms', 'emergency_only');

-- CreateEnum
CREATE TYPE "PolicyStatus" AS ENUM ('issued', 'activated', 'cancelled');

-- CreateEnum
CREATE TYPE "TelemedAccountStatus" AS ENUM ('pending', 'open', 'failed');

-- CreateEnum
CREATE TYPE "MemberStatus" AS ENUM ('active', 'emergency_only');

-- CreateEnum
CREATE TYPE "ConsentKind" AS ENUM ('personal_data', 'franchise_rules');

-- CreateEnum
CREATE TYPE "BillStatus" AS ENUM ('unpaid', 'paid', 'overdue');

-- CreateEnum
CREATE TYPE "PaymentLinkStatus" AS ENUM ('pending', 'paid', 'cancelled', 'expired');

-- CreateEnum
CREATE TYPE "PaymentStatus" AS ENUM ('succeeded', 'refused', 'flagged');

-- CreateEnum
CREATE TYPE "NotificationStatus" AS ENUM ('pending', 'queued', 'sent', 'failed', 'dead');

-- CreateEnum
CREATE TYPE "MessageDirection" AS ENUM ('in', 'out', 'operator');

-- CreateEnum
CREATE TYPE "TicketKind" AS ENUM ('chat', 'callback', 'sos', 'call_task', 'integration_failure');

-- CreateEnum
CREATE TYPE "TicketStatus" AS ENUM ('waiting', 'taken', 'returned', 'closed');

-- CreateTable
CREATE TABLE "Insurer" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "country" "Country" NOT NULL,
    "createdAt" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Insurer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Programme" (
    "id" UUID NOT NULL,
    "insurerId" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "ProgrammeKind" NOT NULL,
    "country" "Country" NOT NULL,
    "timeZone" TEXT NOT NULL,
    "currency" "Currency" NOT NULL,
    "franchiseBasisPoints" INTEGER NOT NULL DEFAULT 0,
    "paymentWorkingDays" INTEGER NOT NULL DEFAULT 30,
    "billingPeriod" TEXT NOT NULL DEFAULT 'month',
    "settings" JSONB NOT NULL DEFAULT '{}',
    "emergencyPhones" TEXT[],
    "emergencyProgrammeCode" TEXT,
    "createdAt" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Programme_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Product" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "programmeId" UUID NOT NULL,
    "nameRu" TEXT NOT NULL,
    "nameKk" TEXT NOT NULL,
    "coolingOffDays" INTEGER NOT NULL DEFAULT 15,
    "coverageMonths" INTEGER NOT NULL DEFAULT 12,
    "createdAt" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Product_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Policy" (
    "id" UUID NOT NULL,
    "number" TEXT NOT NULL,
    "productId" UUID NOT NULL,
    "activationCodeHash" TEXT NOT NULL,
    "status" "PolicyStatus" NOT NULL DEFAULT 'issued',
    "issuedAt" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Policy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Person" (
    "id" UUID NOT NULL,
    "iinCipher" TEXT,
    "iinHash" TEXT,
    "fullName" TEXT NOT NULL,
    "birthDate" DATE,
    "phone" TEXT,
    "email" TEXT,
    "language" "Language" NOT NULL DEFAULT 'ru',
    "notifyChannels" "Channel"[] DEFAULT ARRAY['telegram', 'sms', 'email']::"Channel"[],
    "phoneChangedAt" TIMESTAMPTZ,
    "emailChangedAt" TIMESTAMPTZ,
    "createdAt" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TelemedAccount" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "productCode" TEXT NOT NULL,
    "login" TEXT,
    "externalId" TEXT,
    "status" "TelemedAccountStatus" NOT NULL DEFAULT 'pending',
    "openedAt" TIMESTAMPTZ,
    "lastError" TEXT,
    "createdAt" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TelemedAccount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Activation" (
    "id" UUID NOT NULL,
    "policyId" UUID NOT NULL,
    "personId" UUID NOT NULL,
    "telemedAccountId" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "channel" "Channel" NOT NULL,
    "activatedAt" TIMESTAMPTZ NOT NULL,
    "coverageStart" DATE NOT NULL,
    "coverageEnd" DATE NOT NULL,
    "coverageAnnouncedAt" TIMESTAMPTZ,

    CONSTRAINT "Activation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ActivationAttempt" (
    "id" UUID NOT NULL,
    "policyId" UUID,
    "conversationKey" TEXT NOT NULL,
    "success" BOOLEAN NOT NULL,
    "createdAt" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ActivationAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Employer" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "taxId" TEXT,
    "programmeId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Employer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RosterEntry" (
    "id" UUID NOT NULL,
    "employerId" UUID NOT NULL,
    "employeeNumber" TEXT NOT NULL,
    "fullName" TEXT NOT NULL,
    "birthDate" DATE NOT NULL,
    "phone" TEXT NOT NULL,
    "policyNumber" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "updatedAt" TIMESTAMPTZ NOT NULL,

    CONSTRAINT "RosterEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Member" (
    "id" UUID NOT NULL,
    "personId" UUID NOT NULL,
    "rosterEntryId" UUID NOT NULL,
    "programmeId" UUID NOT NULL,
    "status" "MemberStatus" NOT NULL DEFAULT 'active',
    "registeredAt" TIMESTAMPTZ NOT NULL,
    "channel" "Channel" NOT NULL,
    "phoneVerifiedAt" TIMESTAMPTZ NOT NULL,
    "movedToEmergencyAt" TIMESTAMPTZ,

    CONSTRAINT "Member_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Consent" (
    "id" UUID NOT NULL,
    "personId" UUID NOT NULL,
    "kind" "ConsentKind" NOT NULL,
    "textVersion" TEXT NOT NULL,
    "language" "Language" NOT NULL,
    "channel" "Channel" NOT NULL,
    "conversationKey" TEXT,
    "acceptedAt" TIMESTAMPTZ NOT NULL,

    CONSTRAINT "Consent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FranchiseActivation" (
    "id" UUID NOT NULL,
    "memberId" UUID NOT NULL,
    "consentId" UUID NOT NULL,
    "basisPoints" INTEGER NOT NULL,
    "requestedAt" TIMESTAMPTZ NOT NULL,
    "effectiveAt" TIMESTAMPTZ NOT NULL,
    "announcedAt" TIMESTAMPTZ,

    CONSTRAINT "FranchiseActivation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Clinic" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "city" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "latitude" DOUBLE PRECISION,
    "longitude" DOUBLE PRECISION,
    "phone" TEXT,
    "programmes" TEXT[],

    CONSTRAINT "Clinic_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ClinicInvoice" (
    "id" UUID NOT NULL,
    "clinicId" UUID NOT NULL,
    "number" TEXT NOT NULL,
    "importedAt" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "source" TEXT NOT NULL,

    CONSTRAINT "ClinicInvoice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ServiceLine" (
    "id" UUID NOT NULL,
    "invoiceId" UUID NOT NULL,
    "lineNo" INTEGER NOT NULL,
    "memberId" UUID NOT NULL,
    "serviceDate" DATE NOT NULL,
    "serviceName" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "unitCost" BIGINT NOT NULL,
    "cost" BIGINT NOT NULL,

    CONSTRAINT "ServiceLine_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FranchiseCharge" (
    "id" UUID NOT NULL,
    "serviceLineId" UUID NOT NULL,
    "billId" UUID NOT NULL,
    "basisPoints" INTEGER NOT NULL,
    "amount" BIGINT NOT NULL,

    CONSTRAINT "FranchiseCharge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Bill" (
    "id" UUID NOT NULL,
    "number" TEXT NOT NULL,
    "memberId" UUID NOT NULL,
    "period" TEXT NOT NULL,
    "currency" "Currency" NOT NULL,
    "total" BIGINT NOT NULL,
    "issuedAt" TIMESTAMPTZ NOT NULL,
    "dueDate" DATE NOT NULL,
    "status" "BillStatus" NOT NULL DEFAULT 'unpaid',
    "paidAt" TIMESTAMPTZ,
    "overdueAt" TIMESTAMPTZ,
    "penaltyAccrued" BIGINT NOT NULL DEFAULT 0,
    "penaltyDate" DATE,

    CONSTRAINT "Bill_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PaymentLink" (
    "id" UUID NOT NULL,
    "personId" UUID NOT NULL,
    "provider" TEXT NOT NULL,
    "externalId" TEXT,
    "url" TEXT,
    "amount" BIGINT NOT NULL,
    "currency" "Currency" NOT NULL,
    "status" "PaymentLinkStatus" NOT NULL DEFAULT 'pending',
    "createdAt" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ NOT NULL,

    CONSTRAINT "PaymentLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PaymentLinkBill" (
    "linkId" UUID NOT NULL,
    "billId" UUID NOT NULL,

    CONSTRAINT "PaymentLinkBill_pkey" PRIMARY KEY ("linkId","billId")
);

-- CreateTable
CREATE TABLE "Payment" (
    "id" UUID NOT NULL,
    "provider" TEXT NOT NULL,
    "providerPaymentId" TEXT NOT NULL,
    "linkId" UUID,
    "amount" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "status" "PaymentStatus" NOT NULL,
    "reason" TEXT,
    "receivedAt" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "payload" JSONB NOT NULL,

    CONSTRAINT "Payment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" UUID NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "personId" UUID,
    "channel" "Channel" NOT NULL,
    "template" TEXT NOT NULL,
    "params" JSONB NOT NULL DEFAULT '{}',
    "address" TEXT,
    "status" "NotificationStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "notBefore" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "queuedAt" TIMESTAMPTZ,
    "sentAt" TIMESTAMPTZ,
    "providerMessageId" TEXT,

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Conversation" (
    "id" UUID NOT NULL,
    "channel" "Channel" NOT NULL,
    "externalId" TEXT NOT NULL,
    "personId" UUID,
    "language" "Language",
    "state" JSONB,
    "stateVersion" INTEGER NOT NULL DEFAULT 0,
    "handedOff" BOOLEAN NOT NULL DEFAULT false,
    "misunderstood" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ NOT NULL,

    CONSTRAINT "Conversation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Message" (
    "id" UUID NOT NULL,
    "conversationId" UUID NOT NULL,
    "direction" "MessageDirection" NOT NULL,
    "payload" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SupportTicket" (
    "id" UUID NOT NULL,
    "kind" "TicketKind" NOT NULL,
    "status" "TicketStatus" NOT NULL DEFAULT 'waiting',
    "conversationId" UUID,
    "operatorId" UUID,
    "reason" TEXT NOT NULL,
    "dedupeKey" TEXT,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "takenAt" TIMESTAMPTZ,
    "closedAt" TIMESTAMPTZ,

    CONSTRAINT "SupportTicket_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Operator" (
    "id" UUID NOT NULL,
    "login" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Operator_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HrSlackLink" (
    "id" UUID NOT NULL,
    "employerId" UUID NOT NULL,
    "teamId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "userIds" TEXT[],
    "language" "Language" NOT NULL DEFAULT 'ru',
    "createdAt" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HrSlackLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VerificationCode" (
    "id" UUID NOT NULL,
    "purpose" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "sends" INTEGER NOT NULL DEFAULT 1,
    "consumedAt" TIMESTAMPTZ,
    "createdAt" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VerificationCode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ContactChange" (
    "id" UUID NOT NULL,
    "personId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "changedAt" TIMESTAMPTZ NOT NULL,
    "channel" "Channel" NOT NULL,

    CONSTRAINT "ContactChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Document" (
    "id" UUID NOT NULL,
    "personId" UUID,
    "conversationId" UUID NOT NULL,
    "fileName" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "storagePath" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Document_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" UUID NOT NULL,
    "at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "subject" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboxJob" (
    "id" UUID NOT NULL,
    "queue" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "runAt" TIMESTAMPTZ,
    "createdAt" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "relayedAt" TIMESTAMPTZ,

    CONSTRAINT "OutboxJob_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Insurer_code_key" ON "Insurer"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Programme_code_key" ON "Programme"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Product_code_key" ON "Product"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Policy_number_key" ON "Policy"("number");

-- CreateIndex
CREATE UNIQUE INDEX "Person_iinHash_key" ON "Person"("iinHash");

-- CreateIndex
CREATE UNIQUE INDEX "Person_phone_key" ON "Person"("phone");

-- CreateIndex
CREATE UNIQUE INDEX "TelemedAccount_email_key" ON "TelemedAccount"("email");

-- CreateIndex
CREATE UNIQUE INDEX "Activation_policyId_key" ON "Activation"("policyId");

-- CreateIndex
CREATE INDEX "ActivationAttempt_policyId_createdAt_idx" ON "ActivationAttempt"("policyId", "createdAt");

-- CreateIndex
CREATE INDEX "ActivationAttempt_conversationKey_createdAt_idx" ON "ActivationAttempt"("conversationKey", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Employer_code_key" ON "Employer"("code");

-- CreateIndex
CREATE INDEX "RosterEntry_phone_idx" ON "RosterEntry"("phone");

-- CreateIndex
CREATE INDEX "RosterEntry_policyNumber_idx" ON "RosterEntry"("policyNumber");

-- CreateIndex
CREATE UNIQUE INDEX "RosterEntry_employerId_employeeNumber_key" ON "RosterEntry"("employerId", "employeeNumber");

-- CreateIndex
CREATE UNIQUE INDEX "Member_rosterEntryId_key" ON "Member"("rosterEntryId");

-- CreateIndex
CREATE UNIQUE INDEX "FranchiseActivation_memberId_key" ON "FranchiseActivation"("memberId");

-- CreateIndex
CREATE UNIQUE INDEX "FranchiseActivation_consentId_key" ON "FranchiseActivation"("consentId");

-- CreateIndex
CREATE UNIQUE INDEX "Clinic_code_key" ON "Clinic"("code");

-- CreateIndex
CREATE UNIQUE INDEX "ClinicInvoice_clinicId_number_key" ON "ClinicInvoice"("clinicId", "number");

-- CreateIndex
CREATE INDEX "ServiceLine_memberId_idx" ON "ServiceLine"("memberId");

-- CreateIndex
CREATE UNIQUE INDEX "ServiceLine_invoiceId_lineNo_key" ON "ServiceLine"("invoiceId", "lineNo");

-- CreateIndex
CREATE UNIQUE INDEX "FranchiseCharge_serviceLineId_key" ON "FranchiseCharge"("serviceLineId");

-- CreateIndex
CREATE INDEX "FranchiseCharge_billId_idx" ON "FranchiseCharge"("billId");

-- CreateIndex
CREATE UNIQUE INDEX "Bill_number_key" ON "Bill"("number");

-- CreateIndex
CREATE INDEX "Bill_status_dueDate_idx" ON "Bill"("status", "dueDate");

-- CreateIndex
CREATE UNIQUE INDEX "Bill_memberId_period_key" ON "Bill"("memberId", "period");

-- CreateIndex
CREATE UNIQUE INDEX "PaymentLink_provider_externalId_key" ON "PaymentLink"("provider", "externalId");

-- CreateIndex
CREATE UNIQUE INDEX "Payment_provider_providerPaymentId_key" ON "Payment"("provider", "providerPaymentId");

-- CreateIndex
CREATE UNIQUE INDEX "Notification_dedupeKey_key" ON "Notification"("dedupeKey");

-- CreateIndex
CREATE INDEX "Notification_status_notBefore_idx" ON "Notification"("status", "notBefore");

-- CreateIndex
CREATE UNIQUE INDEX "Conversation_channel_externalId_key" ON "Conversation"("channel", "externalId");

-- CreateIndex
CREATE INDEX "Message_conversationId_createdAt_idx" ON "Message"("conversationId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "SupportTicket_dedupeKey_key" ON "SupportTicket"("dedupeKey");

-- CreateIndex
CREATE INDEX "SupportTicket_status_createdAt_idx" ON "SupportTicket"("status", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Operator_login_key" ON "Operator"("login");

-- CreateIndex
CREATE UNIQUE INDEX "HrSlackLink_teamId_channelId_key" ON "HrSlackLink"("teamId", "channelId");

-- CreateIndex
CREATE INDEX "VerificationCode_purpose_target_createdAt_idx" ON "VerificationCode"("purpose", "target", "createdAt");

-- CreateIndex
CREATE INDEX "AuditLog_action_at_idx" ON "AuditLog"("action", "at");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxJob_jobId_key" ON "OutboxJob"("jobId");

-- CreateIndex
CREATE INDEX "OutboxJob_relayedAt_createdAt_idx" ON "OutboxJob"("relayedAt", "createdAt");

-- AddForeignKey
ALTER TABLE "Programme" ADD CONSTRAINT "Programme_insurerId_fkey" FOREIGN KEY ("insurerId") REFERENCES "Insurer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Product" ADD CONSTRAINT "Product_programmeId_fkey" FOREIGN KEY ("programmeId") REFERENCES "Programme"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Policy" ADD CONSTRAINT "Policy_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Activation" ADD CONSTRAINT "Activation_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "Policy"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Activation" ADD CONSTRAINT "Activation_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Activation" ADD CONSTRAINT "Activation_telemedAccountId_fkey" FOREIGN KEY ("telemedAccountId") REFERENCES "TelemedAccount"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ActivationAttempt" ADD CONSTRAINT "ActivationAttempt_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "Policy"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Employer" ADD CONSTRAINT "Employer_programmeId_fkey" FOREIGN KEY ("programmeId") REFERENCES "Programme"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RosterEntry" ADD CONSTRAINT "RosterEntry_employerId_fkey" FOREIGN KEY ("employerId") REFERENCES "Employer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Member" ADD CONSTRAINT "Member_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Member" ADD CONSTRAINT "Member_rosterEntryId_fkey" FOREIGN KEY ("rosterEntryId") REFERENCES "RosterEntry"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Member" ADD CONSTRAINT "Member_programmeId_fkey" FOREIGN KEY ("programmeId") REFERENCES "Programme"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Consent" ADD CONSTRAINT "Consent_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FranchiseActivation" ADD CONSTRAINT "FranchiseActivation_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FranchiseActivation" ADD CONSTRAINT "FranchiseActivation_consentId_fkey" FOREIGN KEY ("consentId") REFERENCES "Consent"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClinicInvoice" ADD CONSTRAINT "ClinicInvoice_clinicId_fkey" FOREIGN KEY ("clinicId") REFERENCES "Clinic"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceLine" ADD CONSTRAINT "ServiceLine_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES "ClinicInvoice"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceLine" ADD CONSTRAINT "ServiceLine_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FranchiseCharge" ADD CONSTRAINT "FranchiseCharge_serviceLineId_fkey" FOREIGN KEY ("serviceLineId") REFERENCES "ServiceLine"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FranchiseCharge" ADD CONSTRAINT "FranchiseCharge_billId_fkey" FOREIGN KEY ("billId") REFERENCES "Bill"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Bill" ADD CONSTRAINT "Bill_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PaymentLink" ADD CONSTRAINT "PaymentLink_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PaymentLinkBill" ADD CONSTRAINT "PaymentLinkBill_linkId_fkey" FOREIGN KEY ("linkId") REFERENCES "PaymentLink"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PaymentLinkBill" ADD CONSTRAINT "PaymentLinkBill_billId_fkey" FOREIGN KEY ("billId") REFERENCES "Bill"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Payment" ADD CONSTRAINT "Payment_linkId_fkey" FOREIGN KEY ("linkId") REFERENCES "PaymentLink"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Conversation" ADD CONSTRAINT "Conversation_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SupportTicket" ADD CONSTRAINT "SupportTicket_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SupportTicket" ADD CONSTRAINT "SupportTicket_operatorId_fkey" FOREIGN KEY ("operatorId") REFERENCES "Operator"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HrSlackLink" ADD CONSTRAINT "HrSlackLink_employerId_fkey" FOREIGN KEY ("employerId") REFERENCES "Employer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContactChange" ADD CONSTRAINT "ContactChange_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Document" ADD CONSTRAINT "Document_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Document" ADD CONSTRAINT "Document_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
