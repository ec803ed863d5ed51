import { useEffect, type ReactNode } from 'react';

/** The page's h1 (focused after client-side navigation by the layout) and the document title. */
export const PageHeader = ({
  title,
  description,
  actions,
}: {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
}) => {
  useEffect(() => {
    document.title = `${title} · AI CEO`;
  }, [title]);
  return (
    <div className="page-header">
      <div>
        <h1 tabIndex={-1}>{title}</h1>
        {description ? <p>{description}</p> : null}
      </div>
      {actions ? <div className="actions">{actions}</div> : null}
    </div>
  );
};
