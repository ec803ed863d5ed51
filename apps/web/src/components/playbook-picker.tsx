import type { PlaybookKey } from '@aiceo/shared/stage-labels';
import './playbook-picker.css';

type PlaybookChoice = { key: PlaybookKey; name: string; pitch: string };

type PlaybookPickerProps = {
  playbooks: readonly PlaybookChoice[];
  value: PlaybookKey;
  onChange: (key: PlaybookKey) => void;
  /** The radio group's name (the form field). */
  name?: string;
  legend?: string;
  hint?: string;
  disabled?: boolean;
};

/** The industry playbooks as radio cards (one column on a phone); used when creating an org and in its settings. */
export const PlaybookPicker = ({
  playbooks,
  value,
  onChange,
  name = 'playbook',
  legend = 'Industry',
  hint,
  disabled = false,
}: PlaybookPickerProps) => (
  <fieldset className="field">
    <legend>{legend}</legend>
    {hint ? <p className="hint">{hint}</p> : null}
    <div className="playbook-choices">
      {playbooks.map((playbook) => (
        <label key={playbook.key} className={`playbook-choice${value === playbook.key ? ' selected' : ''}`}>
          <span className="check">
            <input
              type="radio"
              name={name}
              value={playbook.key}
              checked={value === playbook.key}
              onChange={() => onChange(playbook.key)}
              disabled={disabled}
            />
            <strong>{playbook.name}</strong>
          </span>
          <span className="muted">{playbook.pitch}</span>
        </label>
      ))}
    </div>
  </fieldset>
);
