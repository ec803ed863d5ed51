import { useMutation, useQueryClient } from '@tanstack/react-query';
import { telegramEndpoints, type TelegramNotificationPrefs } from '@aiceo/shared/telegram';
import { request } from '@/lib/api-client';
import { telegramStatusQueryOptions } from './get-telegram-status';

export const updateTelegramNotifications = ({ orgId, body }: { orgId: string; body: TelegramNotificationPrefs }) =>
  request(telegramEndpoints.updateNotifications, { params: { orgId }, body });

/**
 * Switches a notification at once on screen and saves the whole set; the old set comes back if
 * the API refuses. Saves run one after another (same scope), so the last click is what is stored.
 */
export const useUpdateTelegramNotifications = (orgId: string) => {
  const queryClient = useQueryClient();
  const statusKey = telegramStatusQueryOptions(orgId).queryKey;
  const mutationKey = [...statusKey, 'notifications'];
  return useMutation({
    mutationKey,
    scope: { id: mutationKey.join('/') },
    mutationFn: (body: TelegramNotificationPrefs) => updateTelegramNotifications({ orgId, body }),
    onMutate: async (body) => {
      await queryClient.cancelQueries({ queryKey: statusKey });
      const previous = queryClient.getQueryData(statusKey);
      if (previous?.link)
        queryClient.setQueryData(statusKey, { ...previous, link: { ...previous.link, notifications: body } });
      return { previous };
    },
    onError: (_error, _body, context) => {
      if (context?.previous) queryClient.setQueryData(statusKey, context.previous);
    },
    onSuccess: (link) => {
      // A later click still on its way wins: only the last save's answer replaces what is shown.
      if (queryClient.isMutating({ mutationKey }) > 1) return;
      const current = queryClient.getQueryData(statusKey);
      if (current) queryClient.setQueryData(statusKey, { ...current, link });
    },
  });
};
