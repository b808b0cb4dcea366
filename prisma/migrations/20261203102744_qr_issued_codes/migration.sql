-- DropTable
DROP TABLE "qr_replay";

-- CreateTable
CREATE TABLE "qr_issued" (
    "validity" CHAR(32) NOT NULL,
    "card_id" CHAR(64) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "issued_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimed_at" TIMESTAMPTZ(3),
    "claimed_by" UUID,

    CONSTRAINT "qr_issued_pkey" PRIMARY KEY ("validity")
);

-- CreateIndex
CREATE INDEX "qr_issued_expires_at_idx" ON "qr_issued"("expires_at");
