-- CreateIndex
CREATE INDEX "services_state_poolType_idx" ON "services"("state", "poolType");
