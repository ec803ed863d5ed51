import { useId, useState } from 'react';
import type { PlatformSettings } from '@aiceo/shared/platform';
import { errorMessage } from '@/components/ui/states';
import { useUpdatePlatformSettings } from '../api/update-settings';

export const PrivateModeSwitch = ({ settings }: { settings: PlatformSettings }) => {
  const update = useUpdatePlatformSettings();
  const id = useId();
  // Flips at once (a switch that lags the click reads as broken) and falls back if saving fails.
  const [checked, setChecked] = useState(settings.privateMode);
  // A new saved value (this tab's or another's) resets it, adjusted while rendering rather than in an effect.
  const [saved, setSaved] = useState(settings.privateMode);
  if (settings.privateMode !== saved) {
    setSaved(settings.privateMode);
    setChecked(settings.privateMode);
  }
  return (
    <div className="stack">
      <label className="check" htmlFor={id} style={{ fontWeight: 600 }}>
        <input
          id={id}
          type="checkbox"
          role="switch"
          checked={checked}
          disabled={update.isPending || settings.privateModeForcedByEnv}
          aria-describedby={`${id}-hint`}
          onChange={(event) => {
            const next = event.target.checked;
            setChecked(next);
            update.mutate(next, { onError: () => setChecked(settings.privateMode) });
          }}
        />
        Private mode (invite-only sign-up)
      </label>
      <p className="muted" id={`${id}-hint`}>
        {settings.privateModeForcedByEnv
          ? 'PRIVATE_MODE=true is set in the environment, so sign-up stays invite-only whatever this switch says.'
          : 'When on, new people need an invite code to sign up. People invited to an organisation still need one.'}
      </p>
      <p role="status">
        {update.isPending
          ? 'Saving…'
          : update.isSuccess
            ? `Saved: sign-up is ${settings.privateMode ? 'invite-only' : 'open'}.`
            : ''}
      </p>
      {update.isError ? (
        <p className="alert error" role="alert">
          {errorMessage(update.error)}
        </p>
      ) : null}
    </div>
  );
};
