-- CreateTable
CREATE TABLE "opinion_draft" (
    "consultation_id" UUID NOT NULL,
    "author_id" UUID NOT NULL,
    "findings" TEXT NOT NULL DEFAULT '',
    "impression" TEXT NOT NULL DEFAULT '',
    "recommendations" TEXT NOT NULL DEFAULT '',
    "referral_decision" VARCHAR(40),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "opinion_draft_pkey" PRIMARY KEY ("consultation_id","author_id")
);
