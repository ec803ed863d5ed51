import { chatEndpoints } from '@aiceo/shared/chat';
import { request } from '@/lib/api-client';

/** Ends an answer being written; its stream (wherever it is read) then closes with `done`, status `stopped`. */
export const stopMessage = ({
  orgId,
  conversationId,
  messageId,
}: {
  orgId: string;
  conversationId: string;
  messageId: string;
}) => request(chatEndpoints.stop, { params: { orgId, conversationId, messageId } });
