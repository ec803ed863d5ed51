import type { Usage } from '@aiceo/shared/usage';
import { usageResourceLabels } from '@aiceo/shared/plans';
import { formatResetDay } from '../format';

const NEARLY_FULL = 0.8;

/** One meter per resource: "3 of 10 tasks used, resets 1 Dec". */
export const UsageMeters = ({ usage }: { usage: Usage }) => {
  const resetsOn = formatResetDay(usage.resetsAt);
  return (
    <ul className="usage-meters">
      {usage.resources.map(({ resource, limit, used }) => {
        const label = usageResourceLabels[resource].other;
        const text = `${used.toLocaleString('en-US')} of ${limit.toLocaleString('en-US')} ${label} used, resets ${resetsOn}`;
        const share = limit > 0 ? Math.min(used / limit, 1) : 1;
        const level = used >= limit ? 'full' : share >= NEARLY_FULL ? 'high' : 'ok';
        const id = `usage-${resource}`;
        return (
          <li key={resource}>
            <span id={`${id}-label`} className="usage-name">
              {label.charAt(0).toUpperCase() + label.slice(1)}
            </span>
            <div
              role="meter"
              className={`usage-meter ${level}`}
              aria-labelledby={`${id}-label`}
              aria-valuemin={0}
              aria-valuemax={limit}
              aria-valuenow={Math.min(used, limit)}
              aria-valuetext={text}
            >
              <span className="usage-meter-fill" style={{ width: `${share * 100}%` }} />
            </div>
            <span className="usage-text">{text}</span>
          </li>
        );
      })}
    </ul>
  );
};
