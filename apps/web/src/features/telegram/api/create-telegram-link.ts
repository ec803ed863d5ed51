import { useMutation } from '@tanstack/react-query';
import { telegramEndpoints } from '@aiceo/shared/telegram';
import { request } from '@/lib/api-client';

export const createTelegramLink = (orgId: string) => request(telegramEndpoints.createLink, { params: { orgId } });

/** A new one-time t.me link; the page keeps it in its state (it is single use, never cached). */
export const useCreateTelegramLink = (orgId: string) => useMutation({ mutationFn: () => createTelegramLink(orgId) });
