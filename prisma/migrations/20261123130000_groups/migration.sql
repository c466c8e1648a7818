-- CreateEnum
CREATE TYPE "GroupType" AS ENUM ('STATIC', 'DYNAMIC', 'SSO');

-- CreateEnum
CREATE TYPE "JoinPolicy" AS ENUM ('CLOSED', 'OPEN', 'OPEN_WITH_ADMIN_APPROVAL');

-- CreateEnum
CREATE TYPE "MemberListPrivacy" AS ENUM ('ADMINS', 'MEMBERS', 'USERS', 'PUBLIC');

-- CreateEnum
CREATE TYPE "MembershipSource" AS ENUM ('LOCAL', 'SSO');

-- CreateTable
CREATE TABLE "Group" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "ownerId" TEXT NOT NULL,
    "adminGroupId" TEXT,
    "type" "GroupType" NOT NULL DEFAULT 'STATIC',
    "rule" JSONB,
    "joinPolicy" "JoinPolicy" NOT NULL DEFAULT 'CLOSED',
    "privacy" "MemberListPrivacy" NOT NULL DEFAULT 'MEMBERS',
    "expiresAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Group_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GroupMember" (
    "id" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "userId" TEXT,
    "memberGroupId" TEXT,
    "source" "MembershipSource" NOT NULL DEFAULT 'LOCAL',
    "validFrom" TIMESTAMP(3),
    "validUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GroupMember_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Group_name_key" ON "Group"("name");

-- CreateIndex
CREATE INDEX "GroupMember_userId_idx" ON "GroupMember"("userId");

-- CreateIndex
CREATE INDEX "GroupMember_memberGroupId_idx" ON "GroupMember"("memberGroupId");

-- CreateIndex
CREATE UNIQUE INDEX "GroupMember_groupId_userId_key" ON "GroupMember"("groupId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "GroupMember_groupId_memberGroupId_key" ON "GroupMember"("groupId", "memberGroupId");

-- AddForeignKey
ALTER TABLE "Group" ADD CONSTRAINT "Group_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Group" ADD CONSTRAINT "Group_adminGroupId_fkey" FOREIGN KEY ("adminGroupId") REFERENCES "Group"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupMember" ADD CONSTRAINT "GroupMember_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupMember" ADD CONSTRAINT "GroupMember_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupMember" ADD CONSTRAINT "GroupMember_memberGroupId_fkey" FOREIGN KEY ("memberGroupId") REFERENCES "Group"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- A member is a user or a group, never both or neither.
ALTER TABLE "GroupMember" ADD CONSTRAINT "GroupMember_one_member" CHECK (("userId" IS NULL) <> ("memberGroupId" IS NULL));
