export type Page<T> = { items: T[]; nextCursor: string | null };

/**
 * A page from rows fetched with `take: limit + 1` (the extra row only tells that another page
 * follows); the cursor is the id of the page's last row.
 */
export const toPage = <R extends { id: string }, T>(rows: R[], limit: number, toItem: (row: R) => T): Page<T> => {
  const page = rows.slice(0, limit);
  return { items: page.map(toItem), nextCursor: rows.length > limit ? (page[page.length - 1]?.id ?? null) : null };
};
