import { useCallback } from 'react';
import { useParams, type LoaderFunctionArgs } from 'react-router';
import { PageHeader } from '@/components/ui/page-header';
import { aiStatusQueryOptions, useAiStatus } from '@/features/ai/api/get-ai-status';
import { AiModeBadge } from '@/features/ai/components/ai-mode-badge';
import { usageQueryOptions, useUsage } from '@/features/billing/api/get-usage';
import { conversationQueryOptions } from '@/features/chat/api/get-conversation';
import { conversationsQueryOptions } from '@/features/chat/api/list-conversations';
import { ChatView } from '@/features/chat/components/chat-view';
import { useCurrentOrg } from '@/hooks/use-current-org';
import { requireUser } from '@/lib/auth';
import { queryClient } from '@/lib/query-client';

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const orgId = params.orgId ?? '';
  void queryClient.prefetchInfiniteQuery(conversationsQueryOptions(orgId));
  if (params.conversationId) void queryClient.prefetchQuery(conversationQueryOptions(orgId, params.conversationId));
  void queryClient.prefetchQuery(aiStatusQueryOptions(orgId));
  void queryClient.prefetchQuery(usageQueryOptions(orgId));
  await requireUser({ request });
  return null;
};

const AiMessagesLeft = ({ orgId }: { orgId: string }) => {
  const usage = useUsage(orgId);
  const ai = usage.data?.resources.find((resource) => resource.resource === 'aiMessages');
  if (!ai) return null;
  return (
    <p className="muted" data-testid="ai-messages-left">
      AI messages left this month: {ai.remaining.toLocaleString('en-US')} of {ai.limit.toLocaleString('en-US')}
    </p>
  );
};

export const Component = () => {
  const { orgId = '', conversationId } = useParams();
  const org = useCurrentOrg();
  const status = useAiStatus(orgId);
  // Every answer (even a failed or stopped one) may have used an AI message.
  const onAnswered = useCallback(
    () => void queryClient.invalidateQueries({ queryKey: usageQueryOptions(orgId).queryKey }),
    [orgId],
  );

  return (
    <>
      <PageHeader
        title="AI CEO"
        description={`Ask about ${org.name}: it knows your organisation’s data.`}
        actions={status.data ? <AiModeBadge status={status.data} /> : null}
      />
      <ChatView
        orgId={orgId}
        conversationId={conversationId}
        footer={<AiMessagesLeft orgId={orgId} />}
        onAnswered={onAnswered}
      />
    </>
  );
};
