-- CreateIndex
CREATE INDEX "app_user_role_idx" ON "app_user"("role");
