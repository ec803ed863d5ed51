import type { TelegramLink } from '@aiceo/shared/telegram';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { useToast } from '@/components/ui/toast';
import { formatDate, formatDateTime } from '@/utils/format';
import { useUnlinkTelegram } from '../api/unlink-telegram';

/** "@ada (Ada)", or the first name alone when the person has no @username. */
export const chatName = (link: Pick<TelegramLink, 'username' | 'firstName'>): string =>
  link.username ? `@${link.username} (${link.firstName})` : link.firstName;

type TelegramLinkedChatProps = {
  orgId: string;
  link: TelegramLink;
  /** Where to open the bot: t.me, or the local stand-in's chat page in development. */
  botUrl: string | null;
};

/** Who the chat is, since when, and unlinking it (after a confirmation). */
export const TelegramLinkedChat = ({ orgId, link, botUrl }: TelegramLinkedChatProps) => {
  const unlink = useUnlinkTelegram(orgId);
  const toast = useToast();
  return (
    <div className="stack">
      <p className="alert success" data-testid="telegram-linked">
        Linked to <strong>{chatName(link)}</strong> since{' '}
        <time dateTime={link.linkedAt} title={formatDateTime(link.linkedAt)}>
          {formatDate(link.linkedAt)}
        </time>
        .
      </p>
      <div className="actions">
        {botUrl ? (
          <a className="button secondary" href={botUrl} target="_blank" rel="noopener noreferrer">
            Open the bot
          </a>
        ) : null}
        <ConfirmButton
          title="Unlink Telegram?"
          description={`The bot stops sending reports, approvals and notifications to ${chatName(link)} and tells the chat it was unlinked. You can link again at any time.`}
          confirmLabel="Unlink"
          pendingLabel="Unlinking…"
          size="normal"
          onConfirm={async () => {
            await unlink.mutateAsync();
            toast('Telegram unlinked');
          }}
        >
          Unlink
        </ConfirmButton>
      </div>
    </div>
  );
};
