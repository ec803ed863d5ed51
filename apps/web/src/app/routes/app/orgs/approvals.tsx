import { useState } from 'react';
import { useParams, type LoaderFunctionArgs } from 'react-router';
import {
  approvalKindSchema,
  approvalKinds,
  approvalStatusSchema,
  approvalStatuses,
  type ApprovalKind,
  type ApprovalStatus,
} from '@aiceo/shared/approvals';
import { hasRole } from '@aiceo/shared/roles';
import { SelectField } from '@/components/ui/field';
import { Pager } from '@/components/ui/pager';
import { EmptyState, QueryView } from '@/components/ui/states';
import { approvalsQueryOptions, useApprovals } from '@/features/approvals/api/list-approvals';
import { ApprovalInbox } from '@/features/approvals/components/approval-inbox';
import { ApprovalsHeader } from '@/features/approvals/components/approvals-header';
import { approvalKindLabels, approvalStatusLabels } from '@/features/approvals/format';
import { useCurrentOrg } from '@/hooks/use-current-org';
import { useCursorPages } from '@/hooks/use-cursor-pages';
import { requireUser } from '@/lib/auth';
import { queryClient } from '@/lib/query-client';

// The inbox opens on what waits for a decision.
const DEFAULT_STATUS: ApprovalStatus = 'pending';

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  void queryClient.prefetchQuery(approvalsQueryOptions(params.orgId ?? '', { status: DEFAULT_STATUS }));
  await requireUser({ request });
  return null;
};

const emptyTitle = (status: ApprovalStatus | undefined, kind: ApprovalKind | undefined) => {
  const what = kind ? approvalKindLabels[kind].plural.toLowerCase() : 'items';
  if (status === 'pending') return `Nothing waits for a decision${kind ? ` among ${what}` : ''}`;
  return status ? `No ${approvalStatusLabels[status].toLowerCase()} ${what}` : `No ${what} yet`;
};

export const Component = () => {
  const { orgId = '' } = useParams();
  const org = useCurrentOrg();
  const canDecide = org.role !== null && hasRole(org.role, 'admin');
  const [status, setStatus] = useState<ApprovalStatus | undefined>(DEFAULT_STATUS);
  const [kind, setKind] = useState<ApprovalKind | undefined>(undefined);
  const pages = useCursorPages();
  const approvals = useApprovals(orgId, { status, kind, cursor: pages.cursor });
  return (
    <>
      <ApprovalsHeader orgId={orgId} orgName={org.name} />
      <div className="approval-toolbar">
        <SelectField
          label="Show"
          name="status"
          value={status ?? ''}
          onChange={(event) => {
            const parsed = approvalStatusSchema.safeParse(event.target.value);
            pages.reset();
            setStatus(parsed.success ? parsed.data : undefined);
          }}
          options={[
            ...approvalStatuses.map((value) => ({ value, label: approvalStatusLabels[value] })),
            { value: '', label: 'Everything' },
          ]}
        />
        <SelectField
          label="Kind"
          name="kind"
          value={kind ?? ''}
          onChange={(event) => {
            const parsed = approvalKindSchema.safeParse(event.target.value);
            pages.reset();
            setKind(parsed.success ? parsed.data : undefined);
          }}
          options={[
            { value: '', label: 'All kinds' },
            ...approvalKinds.map((value) => ({ value, label: approvalKindLabels[value].plural })),
          ]}
        />
        {canDecide ? null : <p className="muted">Only admins and owners can approve, edit or reject.</p>}
      </div>
      <QueryView
        query={approvals}
        loadingLabel="Loading the inbox…"
        errorTitle="Could not load the inbox"
        isEmpty={(data) => data.items.length === 0 && !pages.hasPrevious}
        empty={
          <EmptyState title={emptyTitle(status, kind)}>
            <p>When the AI CEO wants to email a lead, publish a post or send a campaign, it asks here first.</p>
          </EmptyState>
        }
      >
        {(data) => (
          <>
            <ApprovalInbox orgId={orgId} items={data.items} canDecide={canDecide} />
            <Pager
              label="Inbox pages"
              page={pages.page}
              hasPrevious={pages.hasPrevious}
              nextCursor={data.nextCursor}
              isFetching={approvals.isFetching}
              onPrevious={pages.previous}
              onNext={pages.next}
            />
          </>
        )}
      </QueryView>
    </>
  );
};
