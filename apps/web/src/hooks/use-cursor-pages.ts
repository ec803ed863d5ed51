import { useCallback, useState } from 'react';

/**
 * Walks a cursor-paginated list forwards and back: the API only knows "after this id",
 * so the cursors of the pages already seen are kept to go back.
 */
export const useCursorPages = () => {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const next = useCallback((nextCursor: string) => setCursors((all) => [...all, nextCursor]), []);
  const previous = useCallback(() => setCursors((all) => (all.length > 1 ? all.slice(0, -1) : all)), []);
  const reset = useCallback(() => setCursors([undefined]), []);
  return { cursor, page: cursors.length, hasPrevious: cursors.length > 1, next, previous, reset };
};
