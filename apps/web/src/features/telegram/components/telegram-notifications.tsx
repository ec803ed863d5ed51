import { useId } from 'react';
import {
  telegramNotificationKinds,
  telegramNotificationLabels,
  type TelegramNotificationKind,
  type TelegramNotificationPrefs,
} from '@aiceo/shared/telegram';
import { errorMessage } from '@/components/ui/states';
import { useUpdateTelegramNotifications } from '../api/update-telegram-notifications';

type TelegramNotificationsProps = { orgId: string; notifications: TelegramNotificationPrefs };

/** One switch per notification; each change is saved at once (and undone on screen if saving fails). */
export const TelegramNotifications = ({ orgId, notifications }: TelegramNotificationsProps) => {
  const id = useId();
  const update = useUpdateTelegramNotifications(orgId);

  const onToggle = (kind: TelegramNotificationKind, on: boolean) => {
    update.mutate({ ...notifications, [kind]: on });
  };

  return (
    <fieldset className="field telegram-notifications" aria-describedby={`${id}-hint`}>
      <legend>What the bot tells you without being asked</legend>
      <p className="hint" id={`${id}-hint`}>
        Saved as you switch. Questions you ask the bot are always answered.
      </p>
      <div className="telegram-switches">
        {telegramNotificationKinds.map((kind) => (
          <label key={kind} className="check">
            <input
              type="checkbox"
              name={kind}
              checked={notifications[kind]}
              onChange={(event) => onToggle(kind, event.target.checked)}
            />
            {telegramNotificationLabels[kind]}
          </label>
        ))}
      </div>
      <p role="status" className="muted telegram-save-status">
        {update.isPending ? 'Saving…' : update.isSuccess ? 'Saved.' : ''}
      </p>
      {update.isError ? (
        <p className="alert error" role="alert">
          Could not save that change, so the switch is back as it was: {errorMessage(update.error)}
        </p>
      ) : null}
    </fieldset>
  );
};
