import { useParams, type LoaderFunctionArgs } from 'react-router';
import type { TelegramStatus } from '@aiceo/shared/telegram';
import { hasRole } from '@aiceo/shared/roles';
import { QueryView } from '@/components/ui/states';
import { telegramStatusQueryOptions, useTelegramStatus } from '@/features/telegram/api/get-telegram-status';
import { TelegramChat } from '@/features/telegram/components/telegram-chat';
import { TelegramLinkedMembers } from '@/features/telegram/components/telegram-linked-members';
import { TelegramMessageLog } from '@/features/telegram/components/telegram-message-log';
import '@/features/telegram/components/telegram.css';
import { useCurrentOrg } from '@/hooks/use-current-org';
import { requireUser } from '@/lib/auth';
import { queryClient } from '@/lib/query-client';

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  void queryClient.prefetchQuery(telegramStatusQueryOptions(params.orgId ?? ''));
  await requireUser({ request });
  return null;
};

const NotConfigured = () => (
  <p className="alert warning" data-testid="telegram-not-configured">
    Telegram is not set up on this server: it needs a bot token (<code>TELEGRAM_BOT_TOKEN</code>). Whoever runs this
    server can create a bot with Telegram’s @BotFather and add its token; then you can link your chat here.
  </p>
);

const ChatSection = ({ orgId, status }: { orgId: string; status: TelegramStatus }) => (
  <>
    {status.mode === 'local-stand-in' ? (
      <p className="muted">
        Development: this server talks to a local Telegram stand-in
        {status.botUsername ? ` (@${status.botUsername})` : ''}, not to Telegram.
      </p>
    ) : status.botUsername ? (
      <p className="muted">
        The bot is <strong>@{status.botUsername}</strong> on Telegram.
      </p>
    ) : null}
    <TelegramChat orgId={orgId} status={status} />
  </>
);

export const Component = () => {
  const { orgId = '' } = useParams();
  const org = useCurrentOrg();
  const isAdmin = org.role !== null && hasRole(org.role, 'admin');
  const status = useTelegramStatus(orgId);
  const configured = status.data !== undefined && status.data.mode !== 'not-configured';
  return (
    <div className="stack telegram-page">
      <section className="card stack" aria-labelledby="telegram-heading">
        <h2 id="telegram-heading">Telegram</h2>
        <p>
          Your AI CEO on your phone: link your Telegram chat and the bot sends you reports, answers your questions, lets
          you approve or reject what the AI wants to do, and tells you about the things you choose below.
        </p>
        <ul className="telegram-commands muted">
          <li>
            <code>/report</code> today, this week or this month: profit and loss, cash, pipeline, what the AI did
          </li>
          <li>
            <code>/ask</code> a question, answered with the same knowledge as the chat here
          </li>
          <li>
            <code>/tasks</code> and <code>/insights</code>: what the AI is working on and what it found
          </li>
        </ul>
        <QueryView query={status} loadingLabel="Loading Telegram…" errorTitle="Could not load the Telegram settings">
          {(data) => (data.mode === 'not-configured' ? <NotConfigured /> : <ChatSection orgId={orgId} status={data} />)}
        </QueryView>
      </section>
      {isAdmin && configured ? (
        <>
          <section className="card stack" aria-labelledby="telegram-members-heading">
            <h2 id="telegram-members-heading">Linked in this org</h2>
            <TelegramLinkedMembers members={status.data.linkedMembers} />
          </section>
          <section className="card stack" aria-labelledby="telegram-log-heading">
            <h2 id="telegram-log-heading">Messages the bot sent</h2>
            <p className="muted">Every message the bot sent to this organisation’s chats, newest first, for support.</p>
            <TelegramMessageLog orgId={orgId} />
          </section>
        </>
      ) : null}
    </div>
  );
};
