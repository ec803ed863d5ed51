import { useParams, type LoaderFunctionArgs } from 'react-router';
import { PageHeader } from '@/components/ui/page-header';
import { inboxConversationQueryOptions } from '@/features/website-chat/api/get-inbox-conversation';
import { inboxConversationsQueryOptions } from '@/features/website-chat/api/list-inbox-conversations';
import { InboxView } from '@/features/website-chat/components/inbox-view';
import { requireUser } from '@/lib/auth';
import { queryClient } from '@/lib/query-client';

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const orgId = params.orgId ?? '';
  void queryClient.prefetchInfiniteQuery(inboxConversationsQueryOptions(orgId));
  if (params.conversationId)
    void queryClient.prefetchQuery(inboxConversationQueryOptions(orgId, params.conversationId));
  await requireUser({ request });
  return null;
};

export const Component = () => {
  const { orgId = '', conversationId } = useParams();
  return (
    <>
      <PageHeader
        title="Website chat"
        description="Your visitors’ conversations with the AI sales rep, live. Take one over to answer yourself."
      />
      <InboxView orgId={orgId} conversationId={conversationId} />
    </>
  );
};
