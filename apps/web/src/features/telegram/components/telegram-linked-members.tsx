import type { TelegramStatus } from '@aiceo/shared/telegram';
import { formatDate, formatDateTime } from '@/utils/format';

/** Everyone in the org with a chat linked, for owners and admins. */
export const TelegramLinkedMembers = ({ members }: { members: TelegramStatus['linkedMembers'] }) => {
  if (members.length === 0) return <p className="muted">Nobody in this organisation has linked a chat yet.</p>;
  return (
    <ul className="telegram-members" aria-label="Members with a linked chat">
      {members.map((member) => (
        <li key={member.userId}>
          <strong>{member.name}</strong>
          <span className="muted">
            since{' '}
            <time dateTime={member.linkedAt} title={formatDateTime(member.linkedAt)}>
              {formatDate(member.linkedAt)}
            </time>
          </span>
        </li>
      ))}
    </ul>
  );
};
