import { useParams, type LoaderFunctionArgs } from 'react-router';
import { hasRole } from '@aiceo/shared/roles';
import { EmptyState, QueryView } from '@/components/ui/states';
import { approvalRulesQueryOptions, useApprovalRules } from '@/features/approvals/api/list-rules';
import { RuleForm, RuleList } from '@/features/approvals/components/approval-rules';
import { ApprovalsHeader } from '@/features/approvals/components/approvals-header';
import { useCurrentOrg } from '@/hooks/use-current-org';
import { requireUser } from '@/lib/auth';
import { queryClient } from '@/lib/query-client';

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  void queryClient.prefetchQuery(approvalRulesQueryOptions(params.orgId ?? ''));
  await requireUser({ request });
  return null;
};

export const Component = () => {
  const { orgId = '' } = useParams();
  const org = useCurrentOrg();
  const canEdit = org.role !== null && hasRole(org.role, 'admin');
  const rules = useApprovalRules(orgId);
  return (
    <>
      <ApprovalsHeader orgId={orgId} orgName={org.name} />
      <section aria-labelledby="rules-title">
        <h2 id="rules-title">Auto-approve rules</h2>
        <p className="muted">
          An item a rule covers is approved as soon as it is made, and runs without waiting here. Everything else waits
          for a yes.
        </p>
        <QueryView
          query={rules}
          loadingLabel="Loading the rules…"
          errorTitle="Could not load the rules"
          isEmpty={(data) => data.items.length === 0}
          empty={
            <EmptyState title="No rules: everything waits for a yes">
              {canEdit ? <p>Add one below, such as follow-up emails to leads under a small amount.</p> : null}
            </EmptyState>
          }
        >
          {(data) => <RuleList orgId={orgId} rules={data.items} canEdit={canEdit} />}
        </QueryView>
      </section>
      {canEdit ? (
        <section className="card" aria-labelledby="new-rule-title">
          <h2 id="new-rule-title">Add a rule</h2>
          <RuleForm orgId={orgId} currency={org.currency} timeZone={org.timezone} />
        </section>
      ) : (
        <p className="muted">Only admins and owners can add, pause or delete rules.</p>
      )}
    </>
  );
};
