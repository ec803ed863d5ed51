-- Lead lists filtered by stage and sorted by score (the board's default), and sorted by name.
CREATE INDEX "Lead_orgId_stage_score_id_idx" ON "Lead"("orgId", "stage", "score", "id");

-- CreateIndex
CREATE INDEX "Lead_orgId_name_id_idx" ON "Lead"("orgId", "name", "id");
