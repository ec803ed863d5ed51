import { useMemo, useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import type { FinanceRule } from '@aiceo/shared/finance';
import { Button } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { EmptyState, QueryView } from '@/components/ui/states';
import { useCurrentOrg } from '@/hooks/use-current-org';
import { useAccounts } from '../api/list-accounts';
import { useCategories } from '../api/list-categories';
import { useRules } from '../api/list-rules';
import { AdminOnly } from '../components/admin-only';
import { CoverageMeter } from '../components/coverage-meter';
import { RuleEditor } from '../components/rule-editor';
import { RuleProposals } from '../components/rule-proposals';
import { RulesList } from '../components/rules-list';
import { draftFromRule, draftFromSearch, emptyDraft, type RuleDraft } from '../rule-draft';
import '../money-books.css';

type Editing = { key: string; draft: RuleDraft; rule?: FinanceRule };

const Rules = ({ orgId }: { orgId: string }) => {
  const org = useCurrentOrg();
  const [search, setSearch] = useSearchParams();
  const rules = useRules(orgId);
  const accounts = useAccounts(orgId);
  const categories = useCategories(orgId);
  // "Make a rule" on a transaction lands here with ?new=1&counterparty=…&categoryId=…
  const [editing, setEditing] = useState<Editing | null>(() =>
    search.get('new') === '1' ? { key: `from-${search.toString()}`, draft: draftFromSearch(search) } : null,
  );
  const categoryList = useMemo(() => categories.data?.items ?? [], [categories.data]);
  const accountList = useMemo(() => accounts.data?.items ?? [], [accounts.data]);
  const categoryNames = useMemo(() => new Map(categoryList.map((c) => [c.id, c.name])), [categoryList]);
  const accountNames = useMemo(() => new Map(accountList.map((a) => [a.id, a.name])), [accountList]);

  const close = () => {
    setEditing(null);
    if (search.size > 0) setSearch(new URLSearchParams(), { replace: true });
  };

  return (
    <>
      <PageHeader
        title="Rules"
        description="Rules categorise, rename and tag transactions as they come in, tried in this order. Past transactions change only when you apply a rule."
        actions={
          editing ? null : (
            <Button onClick={() => setEditing({ key: `new-${Date.now()}`, draft: emptyDraft() })}>New rule</Button>
          )
        }
      />
      <div className="books-toolbar">
        <CoverageMeter orgId={orgId} />
      </div>
      <div className="stack">
        {editing ? (
          <RuleEditor
            key={editing.key}
            orgId={orgId}
            currency={org.currency}
            accounts={accountList}
            categories={categoryList}
            initial={editing.draft}
            rule={editing.rule}
            onDone={close}
          />
        ) : null}
        <RuleProposals orgId={orgId} />
        <section className="stack" aria-labelledby="rules-heading">
          <h2 id="rules-heading">Your rules</h2>
          <QueryView
            query={rules}
            loadingLabel="Loading rules…"
            errorTitle="Could not load the rules"
            isEmpty={(data) => data.items.length === 0}
            empty={
              <EmptyState title="No rules yet">
                <p>
                  Make one with “New rule”, or from a transaction with “Make a rule”. After you move the same
                  counterparty to the same category three times, a rule is proposed here.
                </p>
              </EmptyState>
            }
          >
            {(data) => (
              <RulesList
                orgId={orgId}
                currency={org.currency}
                rules={data.items}
                categoryNames={categoryNames}
                accountNames={accountNames}
                onEdit={(rule) => {
                  setEditing({
                    key: `edit-${rule.id}-${rule.updatedAt}`,
                    draft: draftFromRule(rule, org.currency),
                    rule,
                  });
                  window.scrollTo({ top: 0 });
                }}
              />
            )}
          </QueryView>
        </section>
      </div>
    </>
  );
};

/** Categorisation rules in order, their preview and application, and the rules the app proposes. */
export const RulesPage = () => {
  const { orgId = '' } = useParams();
  return (
    <AdminOnly>
      <Rules orgId={orgId} />
    </AdminOnly>
  );
};
