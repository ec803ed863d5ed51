import { formatDateTime } from '@/utils/format';
import { useRelativeTime, type RelativeOptions } from '@/utils/relative-time';

type RelativeTimeProps = RelativeOptions & { iso: string; className?: string };

/**
 * A moment, relative to the clock now in the text ("5 minutes ago", "in 3 days") and exact in
 * the tooltip; it keeps ticking. `past` for something that already happened (created, finished).
 */
export const RelativeTime = ({ iso, past, className }: RelativeTimeProps) => {
  const text = useRelativeTime(iso, { past });
  return (
    <time dateTime={iso} title={formatDateTime(iso)} className={className} data-relative-time="">
      {text}
    </time>
  );
};
