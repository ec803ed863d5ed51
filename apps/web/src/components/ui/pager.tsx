import { Button } from './button';

type PagerProps = {
  page: number;
  hasPrevious: boolean;
  nextCursor: string | null;
  isFetching: boolean;
  onPrevious: () => void;
  onNext: (cursor: string) => void;
  label: string;
};

export const Pager = ({ page, hasPrevious, nextCursor, isFetching, onPrevious, onNext, label }: PagerProps) => (
  <nav className="pager" aria-label={label}>
    <Button variant="secondary" size="small" disabled={!hasPrevious || isFetching} onClick={onPrevious}>
      Previous page
    </Button>
    <span className="muted" aria-live="polite">
      Page {page}
      {isFetching ? ' (loading…)' : ''}
    </span>
    <Button
      variant="secondary"
      size="small"
      disabled={!nextCursor || isFetching}
      onClick={() => nextCursor && onNext(nextCursor)}
    >
      Next page
    </Button>
  </nav>
);
