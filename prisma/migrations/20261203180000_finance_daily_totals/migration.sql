-- Daily totals of "FinanceTransaction" for the reports, kept by the statement triggers below and
-- never written by the app. One row per org, day, account, category ('' when uncategorised),
-- currency, transfer or not, and sign; a row whose count reaches 0 is deleted.
-- CreateTable
CREATE TABLE "FinanceDailyTotal" (
    "orgId" UUID NOT NULL,
    "date" DATE NOT NULL,
    "accountId" UUID NOT NULL,
    "categoryKey" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "transfer" BOOLEAN NOT NULL,
    "positive" BOOLEAN NOT NULL,
    "sumMinor" BIGINT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "FinanceDailyTotal_pkey" PRIMARY KEY ("orgId","date","accountId","categoryKey","currency","transfer","positive")
);

-- Backfill from the transactions already written.
INSERT INTO "FinanceDailyTotal" ("orgId", "date", "accountId", "categoryKey", "currency", "transfer", "positive", "sumMinor", "count")
SELECT t."orgId", t."date", t."accountId", COALESCE(t."categoryId"::text, ''), t."currency",
       t."transferId" IS NOT NULL, t."amountMinor" > 0, sum(t."amountMinor"), count(*)::int
FROM "FinanceTransaction" t
GROUP BY 1, 2, 3, 4, 5, 6, 7;

-- Statement-level triggers with transition tables: one grouped upsert per statement (keys in
-- primary-key order, so concurrent statements lock rows in the same order), whatever the number
-- of rows. Foreign-key cascades (organisation or account deleted: DELETE; category deleted:
-- UPDATE SET NULL) run as statements too and fire them.
CREATE FUNCTION "finance_daily_totals_on_insert"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO "FinanceDailyTotal" AS d ("orgId", "date", "accountId", "categoryKey", "currency", "transfer", "positive", "sumMinor", "count")
  SELECT n."orgId", n."date", n."accountId", COALESCE(n."categoryId"::text, ''), n."currency",
         n."transferId" IS NOT NULL, n."amountMinor" > 0, sum(n."amountMinor"), count(*)::int
  FROM new_rows n
  GROUP BY 1, 2, 3, 4, 5, 6, 7
  ORDER BY 1, 2, 3, 4, 5, 6, 7
  ON CONFLICT ("orgId", "date", "accountId", "categoryKey", "currency", "transfer", "positive") DO UPDATE
    SET "sumMinor" = d."sumMinor" + EXCLUDED."sumMinor", "count" = d."count" + EXCLUDED."count";
  RETURN NULL;
END
$fn$;

CREATE FUNCTION "finance_daily_totals_on_delete"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO "FinanceDailyTotal" AS d ("orgId", "date", "accountId", "categoryKey", "currency", "transfer", "positive", "sumMinor", "count")
  SELECT o."orgId", o."date", o."accountId", COALESCE(o."categoryId"::text, ''), o."currency",
         o."transferId" IS NOT NULL, o."amountMinor" > 0, -sum(o."amountMinor"), -count(*)::int
  FROM old_rows o
  GROUP BY 1, 2, 3, 4, 5, 6, 7
  ORDER BY 1, 2, 3, 4, 5, 6, 7
  ON CONFLICT ("orgId", "date", "accountId", "categoryKey", "currency", "transfer", "positive") DO UPDATE
    SET "sumMinor" = d."sumMinor" + EXCLUDED."sumMinor", "count" = d."count" + EXCLUDED."count";
  DELETE FROM "FinanceDailyTotal" d
  WHERE d."count" = 0
    AND (d."orgId", d."date", d."accountId", d."categoryKey", d."currency", d."transfer", d."positive") IN (
      SELECT o."orgId", o."date", o."accountId", COALESCE(o."categoryId"::text, ''), o."currency",
             o."transferId" IS NOT NULL, o."amountMinor" > 0
      FROM old_rows o);
  RETURN NULL;
END
$fn$;

CREATE FUNCTION "finance_daily_totals_on_update"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  -- Old rows out, new rows in, in one grouped upsert; keys whose totals do not change (an update
  -- of the notes, say) are left alone.
  INSERT INTO "FinanceDailyTotal" AS d ("orgId", "date", "accountId", "categoryKey", "currency", "transfer", "positive", "sumMinor", "count")
  SELECT c."orgId", c."date", c."accountId", c."categoryKey", c."currency", c."transfer", c."positive",
         sum(c."amountMinor"), sum(c."n")::int
  FROM (
    SELECT o."orgId", o."date", o."accountId", COALESCE(o."categoryId"::text, '') AS "categoryKey", o."currency",
           o."transferId" IS NOT NULL AS "transfer", o."amountMinor" > 0 AS "positive", -o."amountMinor" AS "amountMinor", -1 AS "n"
    FROM old_rows o
    UNION ALL
    SELECT n."orgId", n."date", n."accountId", COALESCE(n."categoryId"::text, ''), n."currency",
           n."transferId" IS NOT NULL, n."amountMinor" > 0, n."amountMinor", 1
    FROM new_rows n
  ) c
  GROUP BY 1, 2, 3, 4, 5, 6, 7
  HAVING sum(c."amountMinor") <> 0 OR sum(c."n") <> 0
  ORDER BY 1, 2, 3, 4, 5, 6, 7
  ON CONFLICT ("orgId", "date", "accountId", "categoryKey", "currency", "transfer", "positive") DO UPDATE
    SET "sumMinor" = d."sumMinor" + EXCLUDED."sumMinor", "count" = d."count" + EXCLUDED."count";
  DELETE FROM "FinanceDailyTotal" d
  WHERE d."count" = 0
    AND (d."orgId", d."date", d."accountId", d."categoryKey", d."currency", d."transfer", d."positive") IN (
      SELECT o."orgId", o."date", o."accountId", COALESCE(o."categoryId"::text, ''), o."currency",
             o."transferId" IS NOT NULL, o."amountMinor" > 0
      FROM old_rows o);
  RETURN NULL;
END
$fn$;

CREATE TRIGGER "FinanceTransaction_daily_totals_insert"
AFTER INSERT ON "FinanceTransaction"
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION "finance_daily_totals_on_insert"();

CREATE TRIGGER "FinanceTransaction_daily_totals_update"
AFTER UPDATE ON "FinanceTransaction"
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION "finance_daily_totals_on_update"();

CREATE TRIGGER "FinanceTransaction_daily_totals_delete"
AFTER DELETE ON "FinanceTransaction"
REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION "finance_daily_totals_on_delete"();

-- TRUNCATE fires no row or statement trigger above: empty the totals with it.
CREATE FUNCTION "finance_daily_totals_on_truncate"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  TRUNCATE "FinanceDailyTotal";
  RETURN NULL;
END
$fn$;

CREATE TRIGGER "FinanceTransaction_daily_totals_truncate"
AFTER TRUNCATE ON "FinanceTransaction"
FOR EACH STATEMENT EXECUTE FUNCTION "finance_daily_totals_on_truncate"();
