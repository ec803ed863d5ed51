import type { LoaderFunctionArgs } from 'react-router';
import { hasRole } from '@aiceo/shared/roles';
import { orgQueryOptions } from '@/hooks/use-current-org';
import { queryClient } from '@/lib/query-client';
import { accountsQueryOptions } from '../api/list-accounts';
import { categoriesQueryOptions } from '../api/list-categories';
import { coverageQueryOptions } from '../api/get-coverage';
import { transactionsQueryOptions } from '../api/list-transactions';
import { rulesQueryOptions } from '../api/list-rules';
import { ruleProposalsQueryOptions } from '../api/list-rule-proposals';
import { viewFromSearch } from '../use-transaction-view';

// Route loaders that start the pages' requests while their code loads. They never wait: the
// pages show their own loading states. A member (known once the org is cached) gets no prefetch,
// since finance answers 403 to members.

const isAllowed = (orgId: string) => {
  const org = queryClient.getQueryData(orgQueryOptions(orgId).queryKey);
  return !org || org.role === null || hasRole(org.role, 'admin');
};

const prefetchChart = (orgId: string) => {
  void queryClient.prefetchQuery(categoriesQueryOptions(orgId));
  void queryClient.prefetchQuery(accountsQueryOptions(orgId));
};

export const transactionsLoader = ({ request, params }: LoaderFunctionArgs) => {
  const orgId = params.orgId ?? '';
  if (!isAllowed(orgId)) return null;
  void queryClient.prefetchInfiniteQuery(
    transactionsQueryOptions(orgId, viewFromSearch(new URL(request.url).searchParams)),
  );
  void queryClient.prefetchQuery(coverageQueryOptions(orgId));
  prefetchChart(orgId);
  return null;
};

export const rulesLoader = ({ params }: LoaderFunctionArgs) => {
  const orgId = params.orgId ?? '';
  if (!isAllowed(orgId)) return null;
  void queryClient.prefetchQuery(rulesQueryOptions(orgId));
  void queryClient.prefetchQuery(ruleProposalsQueryOptions(orgId));
  void queryClient.prefetchQuery(coverageQueryOptions(orgId));
  prefetchChart(orgId);
  return null;
};

export const importWizardLoader = ({ params }: LoaderFunctionArgs) => {
  const orgId = params.orgId ?? '';
  if (isAllowed(orgId)) void queryClient.prefetchQuery(accountsQueryOptions(orgId));
  return null;
};
