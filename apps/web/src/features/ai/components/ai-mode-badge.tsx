import type { AiStatus } from '@aiceo/shared/ai';

/** "Offline mode" in page headers when no provider is configured; the providers otherwise. */
export const AiModeBadge = ({ status }: { status: AiStatus }) =>
  status.mode === 'offline' ? (
    <span className="badge" title="No AI provider is configured: answers are templates over your data, not a model.">
      Offline mode
    </span>
  ) : (
    <span className="badge good" title={status.providers.map((p) => `${p.label} (${p.model})`).join(', ')}>
      Online: {status.providers.map((p) => p.label).join(', ')}
    </span>
  );
