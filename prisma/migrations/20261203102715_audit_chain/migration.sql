-- AlterTable
ALTER TABLE "audit_log" ADD COLUMN     "xact" BIGINT NOT NULL DEFAULT (pg_current_xact_id())::text::bigint;

-- CreateTable
CREATE TABLE "audit_seal" (
    "audit_id" BIGINT NOT NULL,
    "chain" DATE NOT NULL,
    "seq" INTEGER NOT NULL,
    "hash" CHAR(64) NOT NULL,
    "horizon" BIGINT NOT NULL,
    "sealed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_seal_pkey" PRIMARY KEY ("audit_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "audit_seal_chain_seq_key" ON "audit_seal"("chain", "seq");

-- CreateIndex
CREATE INDEX "audit_log_xact_idx" ON "audit_log"("xact");

-- The seals are evidence too: insert-only, like audit_log (the same refusing function).
CREATE TRIGGER "audit_seal_append_only"
  BEFORE UPDATE OR DELETE ON "audit_seal"
  FOR EACH ROW EXECUTE FUNCTION "audit_log_refuse_change"();

CREATE TRIGGER "audit_seal_no_truncate"
  BEFORE TRUNCATE ON "audit_seal"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_refuse_change"();
