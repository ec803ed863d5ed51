import { useState } from 'react';
import { useSearchParams } from 'react-router';
import type { ContentPost } from '@aiceo/shared/content';
import { Button } from '@/components/ui/button';
import { ErrorState } from '@/components/ui/states';
import { useToast } from '@/components/ui/toast';
import { useCreatePost } from '../api/create-post';
import { useDeletePost } from '../api/delete-post';
import { useDraftPost } from '../api/draft-post';
import { usePostsInRange } from '../api/list-posts';
import { usePublishPost } from '../api/publish-post';
import { useReschedulePost, useUpdatePost } from '../api/update-post';
import { dayFromKey, dayKey, onDay, startOfDay, type CalendarView } from '../utils/calendar';
import { ContentCalendar, rangeOf } from './content-calendar';
import { PostEditor, type PostDraftInput } from './post-editor';
import type { CalendarPost } from './post-chip';
import { UnscheduledDrafts } from './unscheduled-drafts';
import './content.css';

type Editing = { post: CalendarPost | null; day?: string };

/** The view and the day it shows live in the URL (`?view=week&date=2026-11-30`), so a reload keeps them. */
const useCalendarLocation = () => {
  const [search, setSearch] = useSearchParams();
  const view: CalendarView = search.get('view') === 'week' ? 'week' : 'month';
  const date = search.get('date');
  const anchor = date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? dayFromKey(date) : startOfDay(new Date());
  const set = (next: { view?: CalendarView; anchor?: Date }) =>
    setSearch(
      (current) => {
        const params = new URLSearchParams(current);
        params.set('view', next.view ?? view);
        params.set('date', dayKey(next.anchor ?? anchor));
        return params;
      },
      { replace: true },
    );
  return { view, anchor, set };
};

/** The content screen: the calendar, the drafts without a date, and the post editor. */
export const ContentPlanner = ({ orgId }: { orgId: string }) => {
  const toast = useToast();
  const { view, anchor, set } = useCalendarLocation();
  const [editing, setEditing] = useState<Editing | null>(null);
  const [moveError, setMoveError] = useState<string | null>(null);
  const posts = usePostsInRange(orgId, rangeOf(view, anchor));
  const create = useCreatePost(orgId);
  const update = useUpdatePost(orgId);
  const reschedule = useReschedulePost(orgId);
  const remove = useDeletePost(orgId);
  const publish = usePublishPost(orgId);
  const draft = useDraftPost(orgId);

  const onMovePost = (post: CalendarPost, day: string) => {
    setMoveError(null);
    const from = post.scheduledFor ?? post.publishedAt;
    const when = from ? onDay(from, day) : onDay(new Date(dayFromKey(day).setHours(9)).toISOString(), day);
    if (when.getTime() <= Date.now()) {
      setMoveError('A post can’t be moved into the past; pick today (later than now) or a day ahead.');
      return;
    }
    reschedule.mutate(
      { postId: post.id, scheduledFor: when.toISOString() },
      {
        onSuccess: () =>
          toast(`Moved to ${when.toLocaleDateString(undefined, { weekday: 'long', day: 'numeric', month: 'long' })}`),
        onError: (error) => setMoveError(`Could not move the post: ${error.message}`),
      },
    );
  };

  const save = async (input: PostDraftInput): Promise<ContentPost> => {
    const post = editing?.post;
    if (!post)
      return create.mutateAsync({
        title: input.title,
        body: input.body,
        scheduledFor: input.scheduledFor ?? undefined,
      });
    return update.mutateAsync({
      postId: post.id,
      body: { title: input.title, body: input.body, scheduledFor: input.scheduledFor },
    });
  };

  const onSave = async (input: PostDraftInput) => {
    const saved = await save(input);
    toast(saved.status === 'scheduled' ? 'Post scheduled' : 'Draft saved');
  };

  const onPublish = async (input: PostDraftInput) => {
    const post = editing?.post;
    // A published post keeps its text at LinkedIn; save the editor's text first (as a draft, without a time).
    const saved =
      post && post.title === input.title && post.body === input.body
        ? post
        : await save({ ...input, scheduledFor: null });
    const result = await publish.mutateAsync(saved.id);
    if (result.status === 'published') toast('Published on LinkedIn');
    // A new post now exists: further saves change it instead of creating another.
    else if (!post) setEditing({ post: result });
    return result;
  };

  const onDelete = async () => {
    if (!editing?.post) return;
    await remove.mutateAsync(editing.post.id);
    toast('Post deleted');
    setEditing(null);
  };

  const all = posts.data?.items ?? [];
  return (
    <div className="content-planner">
      <div className="content-main">
        <div className="actions content-toolbar">
          <Button onClick={() => setEditing({ post: null })}>New post</Button>
        </div>
        {moveError ? (
          <p className="alert error" role="alert">
            {moveError}
          </p>
        ) : null}
        {posts.isError ? (
          <ErrorState error={posts.error} title="Could not load the posts" onRetry={() => void posts.refetch()} />
        ) : null}
        <ContentCalendar
          view={view}
          anchor={anchor}
          posts={all}
          isFetching={posts.isFetching}
          onViewChange={(next) => set({ view: next })}
          onAnchorChange={(next) => set({ anchor: next })}
          onOpenPost={(postId) => setEditing({ post: all.find((p) => p.id === postId) ?? null })}
          onMovePost={onMovePost}
          onNewPost={(day) => setEditing({ post: null, day })}
        />
        <ul className="calendar-legend" aria-label="Status colours">
          {(['draft', 'scheduled', 'published', 'failed'] as const).map((status) => (
            <li key={status} className={`post-chip status-${status}`}>
              {status.charAt(0).toUpperCase() + status.slice(1)}
            </li>
          ))}
        </ul>
      </div>
      <UnscheduledDrafts orgId={orgId} onOpen={(post) => setEditing({ post })} />
      {editing ? (
        <PostEditor
          key={editing.post?.id ?? `new-${editing.day ?? ''}`}
          post={editing.post}
          initialDay={editing.day}
          canPublish
          onSave={onSave}
          onPublish={onPublish}
          onDelete={onDelete}
          onDraftWithAi={(input) => draft.mutateAsync(input)}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </div>
  );
};
