import { useEffect, useState } from 'react';
import { hashKey, useQueryClient } from '@tanstack/react-query';
import { TELEGRAM_LINK_TTL_MINUTES, type TelegramLinkToken, type TelegramStatus } from '@aiceo/shared/telegram';
import { useToast } from '@/components/ui/toast';
import { useCreateTelegramLink } from '../api/create-telegram-link';
import { telegramStatusQueryOptions, useTelegramStatus } from '../api/get-telegram-status';
import { telegramKey } from '../api/keys';
import { TelegramConnect } from './telegram-connect';
import { TelegramLinkedChat } from './telegram-linked-chat';
import { TelegramNotifications } from './telegram-notifications';
import { useSecondsLeft } from './use-seconds-left';

type PendingLink = { link: TelegramLinkToken; startedAt: number; deadline: number };

const TTL_MS = TELEGRAM_LINK_TTL_MINUTES * 60_000;

/**
 * The link's own expiry, but never more than the link's lifetime from when it arrived: a browser
 * clock behind the server's would otherwise promise minutes the server will not honour.
 */
const pendingOf = (link: TelegramLinkToken): PendingLink => {
  const startedAt = Date.now();
  const expiresAt = Date.parse(link.expiresAt);
  return { link, startedAt, deadline: Math.min(Number.isNaN(expiresAt) ? Infinity : expiresAt, startedAt + TTL_MS) };
};

/** Where a linked person opens the bot: t.me, or the stand-in's chat page in development. */
const botUrlOf = (status: TelegramStatus): string | null =>
  status.localChatUrl ?? (status.botUsername ? `https://t.me/${status.botUsername}` : null);

type TelegramChatProps = { orgId: string; status: TelegramStatus };

/**
 * The caller's own chat: linked (who, since when, notifications, unlink), or the way to link one.
 * While a link is on screen the status is asked again every few seconds, so the page turns to
 * "linked" by itself once the chat presses Start.
 */
export const TelegramChat = ({ orgId, status: initial }: TelegramChatProps) => {
  const [pending, setPending] = useState<PendingLink | null>(null);
  const secondsLeft = useSecondsLeft(pending);
  const waitingForLink = pending !== null && secondsLeft !== 0;
  const status = useTelegramStatus(orgId, { waitingForLink }).data ?? initial;
  const create = useCreateTelegramLink(orgId);
  const queryClient = useQueryClient();
  const toast = useToast();

  // While a link waits, watch the status in the cache: the moment it says linked, the link is done.
  useEffect(() => {
    if (!pending) return;
    const statusKey = telegramStatusQueryOptions(orgId).queryKey;
    const statusHash = hashKey(statusKey);
    let done = false;
    return queryClient.getQueryCache().subscribe((event) => {
      if (done || event.type !== 'updated' || event.query.queryHash !== statusHash) return;
      if (!queryClient.getQueryData(statusKey)?.link) return;
      done = true;
      setPending(null);
      toast('Telegram linked');
      // The bot greets the new chat: the message log has something new.
      void queryClient.invalidateQueries({ queryKey: [...telegramKey(orgId), 'messages'] });
    });
  }, [pending, toast, queryClient, orgId]);

  if (status.link) {
    return (
      <div className="stack">
        <TelegramLinkedChat orgId={orgId} link={status.link} botUrl={botUrlOf(status)} />
        <TelegramNotifications orgId={orgId} notifications={status.link.notifications} />
      </div>
    );
  }
  if (!status.canLink) {
    return (
      <p className="muted" data-testid="telegram-cannot-link">
        No chat is linked for you. An owner or admin of this organisation links Telegram chats; ask one of them if you
        want the bot.
      </p>
    );
  }
  return (
    <TelegramConnect
      link={pending?.link ?? null}
      secondsLeft={secondsLeft}
      isCreating={create.isPending}
      createError={create.error}
      onCreate={() => create.mutate(undefined, { onSuccess: (link) => setPending(pendingOf(link)) })}
    />
  );
};
