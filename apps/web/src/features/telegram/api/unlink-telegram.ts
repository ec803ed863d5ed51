import { useMutation, useQueryClient } from '@tanstack/react-query';
import { telegramEndpoints } from '@aiceo/shared/telegram';
import { request } from '@/lib/api-client';
import { telegramKey } from './keys';

export const unlinkTelegram = (orgId: string) => request(telegramEndpoints.unlink, { params: { orgId } });

/** Unlinks the caller's chat, then reloads the status (and the log: the bot tells the chat). */
export const useUnlinkTelegram = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unlinkTelegram(orgId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: telegramKey(orgId) }),
  });
};
