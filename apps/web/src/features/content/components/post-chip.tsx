import type { DragEvent } from 'react';
import type { ContentPost, PostStatus } from '@aiceo/shared/content';

/** What the calendar needs of a post. */
export type CalendarPost = Pick<
  ContentPost,
  'id' | 'title' | 'body' | 'status' | 'scheduledFor' | 'publishedAt' | 'failureReason'
>;

export const postStatusLabels: Record<PostStatus, string> = {
  draft: 'Draft',
  scheduled: 'Scheduled',
  published: 'Published',
  failed: 'Failed',
};

const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

/** Title, or the start of the body when there is none. */
export const postLabel = (post: Pick<CalendarPost, 'title' | 'body'>): string =>
  post.title.trim() || post.body.trim().slice(0, 60) || 'Untitled post';

/** A post on the calendar: opens the editor on click, and drags to another day unless it is already published. */
export const PostChip = ({ post, dragType, onOpen }: { post: CalendarPost; dragType: string; onOpen: () => void }) => {
  const isDraggable = post.status !== 'published';
  const when = post.status === 'published' ? post.publishedAt : post.scheduledFor;
  const onDragStart = (event: DragEvent<HTMLButtonElement>) => {
    event.dataTransfer.setData(dragType, post.id);
    event.dataTransfer.effectAllowed = 'move';
  };
  const hover =
    post.status === 'failed' && post.failureReason ? `Failed: ${post.failureReason}` : postStatusLabels[post.status];
  return (
    <button
      type="button"
      className={`post-chip status-${post.status}`}
      draggable={isDraggable}
      onDragStart={isDraggable ? onDragStart : undefined}
      onClick={onOpen}
      title={hover}
      data-post-id={post.id}
      data-status={post.status}
    >
      {when ? <span className="post-chip-time">{timeFormat.format(new Date(when))}</span> : null}
      <span className="post-chip-title">{postLabel(post)}</span>
      <span className="visually-hidden">, {hover}</span>
    </button>
  );
};
