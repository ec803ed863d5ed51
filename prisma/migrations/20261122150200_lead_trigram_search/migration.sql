-- Trigram indexes make a substring search (ILIKE '%q%') on leads an index lookup instead of a scan.
-- A small pending list: new rows wait in an unindexed list until it fills (or a vacuum runs), and a
-- long list (after an import, or on PGlite, which never autovacuums) makes the planner scan the table.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateIndex
CREATE INDEX "Lead_name_trgm_idx" ON "Lead" USING GIN ("name" gin_trgm_ops) WITH (gin_pending_list_limit = 64);

-- CreateIndex
CREATE INDEX "Lead_email_trgm_idx" ON "Lead" USING GIN ("email" gin_trgm_ops) WITH (gin_pending_list_limit = 64);

-- CreateIndex
CREATE INDEX "Lead_company_trgm_idx" ON "Lead" USING GIN ("company" gin_trgm_ops) WITH (gin_pending_list_limit = 64);
