import { useState, type DragEvent } from 'react';
import { Button } from '@/components/ui/button';
import { addDays, dayKey, shiftAnchor, startOfDay, viewTitle, visibleDays, type CalendarView } from '../utils/calendar';
import { PostChip, type CalendarPost } from './post-chip';

const weekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
const DRAG_TYPE = 'application/x-aiceo-post';
const dayLabel = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long' });

/** Where a post sits: published ones on the day they went out, the rest on their scheduled day. */
const calendarDayOf = (post: CalendarPost): string | null => {
  const iso = post.status === 'published' ? (post.publishedAt ?? post.scheduledFor) : post.scheduledFor;
  return iso ? dayKey(new Date(iso)) : null;
};

type ContentCalendarProps = {
  view: CalendarView;
  anchor: Date;
  posts: readonly CalendarPost[];
  isFetching: boolean;
  onViewChange: (view: CalendarView) => void;
  onAnchorChange: (anchor: Date) => void;
  onOpenPost: (postId: string) => void;
  /** A post was dropped on another day (`YYYY-MM-DD`). */
  onMovePost: (post: CalendarPost, day: string) => void;
  /** Start a new post on a day. */
  onNewPost: (day: string) => void;
};

/** Month or week grid of posts; a post can be dragged to another day (keyboard users change the date in the editor). */
export const ContentCalendar = ({
  view,
  anchor,
  posts,
  isFetching,
  onViewChange,
  onAnchorChange,
  onOpenPost,
  onMovePost,
  onNewPost,
}: ContentCalendarProps) => {
  const [dropDay, setDropDay] = useState<string | null>(null);
  const today = dayKey(new Date());
  const days = visibleDays(view, anchor);
  const byDay = new Map<string, CalendarPost[]>();
  for (const post of posts) {
    const key = calendarDayOf(post);
    if (!key) continue;
    byDay.set(key, [...(byDay.get(key) ?? []), post]);
  }
  for (const list of byDay.values())
    list.sort((a, b) => (a.scheduledFor ?? a.publishedAt ?? '').localeCompare(b.scheduledFor ?? b.publishedAt ?? ''));

  const onDragOver = (event: DragEvent<HTMLElement>, key: string) => {
    if (!event.dataTransfer.types.includes(DRAG_TYPE)) return;
    event.preventDefault();
    // Past days refuse the drop visibly; the drop handler explains why.
    event.dataTransfer.dropEffect = key < today ? 'none' : 'move';
    setDropDay(key);
  };
  const onDrop = (event: DragEvent<HTMLElement>, key: string) => {
    event.preventDefault();
    setDropDay(null);
    const post = posts.find((p) => p.id === event.dataTransfer.getData(DRAG_TYPE));
    if (post && calendarDayOf(post) !== key) onMovePost(post, key);
  };

  return (
    <section className="calendar" aria-labelledby="calendar-title" data-view={view}>
      <div className="calendar-bar">
        <div className="actions">
          <Button
            variant="secondary"
            size="small"
            onClick={() => onAnchorChange(shiftAnchor(view, anchor, -1))}
            aria-label={view === 'month' ? 'Previous month' : 'Previous week'}
          >
            ‹
          </Button>
          <Button variant="secondary" size="small" onClick={() => onAnchorChange(startOfDay(new Date()))}>
            Today
          </Button>
          <Button
            variant="secondary"
            size="small"
            onClick={() => onAnchorChange(shiftAnchor(view, anchor, 1))}
            aria-label={view === 'month' ? 'Next month' : 'Next week'}
          >
            ›
          </Button>
          <h2 id="calendar-title" aria-live="polite">
            {viewTitle(view, anchor)}
            {isFetching ? <span className="visually-hidden"> (loading)</span> : null}
          </h2>
        </div>
        <div className="segmented" role="group" aria-label="Calendar view">
          {(['month', 'week'] as const).map((option) => (
            <Button
              key={option}
              variant={view === option ? 'primary' : 'secondary'}
              size="small"
              aria-pressed={view === option}
              onClick={() => onViewChange(option)}
            >
              {option === 'month' ? 'Month' : 'Week'}
            </Button>
          ))}
        </div>
      </div>
      <div className="calendar-grid" role="table" aria-labelledby="calendar-title">
        <div className="calendar-row calendar-head" role="row">
          {weekdays.map((name) => (
            <div key={name} role="columnheader" className="calendar-weekday">
              {name}
            </div>
          ))}
        </div>
        {Array.from({ length: days.length / 7 }, (_, week) => (
          <div key={week} className="calendar-row" role="row">
            {days.slice(week * 7, week * 7 + 7).map((day) => {
              const key = dayKey(day);
              const dayPosts = byDay.get(key) ?? [];
              const isOutside = view === 'month' && day.getMonth() !== anchor.getMonth();
              const classes = [
                'calendar-day',
                isOutside && 'outside',
                key === today && 'today',
                key < today && 'past',
                dropDay === key && 'drop-target',
              ]
                .filter(Boolean)
                .join(' ');
              return (
                <div
                  key={key}
                  role="cell"
                  className={classes}
                  data-day={key}
                  aria-label={`${dayLabel.format(day)}${key === today ? ' (today)' : ''}, ${dayPosts.length === 1 ? '1 post' : `${dayPosts.length} posts`}`}
                  onDragOver={(event) => onDragOver(event, key)}
                  onDragLeave={() => setDropDay((current) => (current === key ? null : current))}
                  onDrop={(event) => onDrop(event, key)}
                >
                  <div className="calendar-day-head" data-weekday={weekdays[(day.getDay() + 6) % 7]}>
                    <span className="calendar-date" aria-hidden="true">
                      {day.getDate()}
                    </span>
                    {key >= today ? (
                      <button
                        type="button"
                        className="calendar-add"
                        aria-label={`New post on ${dayLabel.format(day)}`}
                        onClick={() => onNewPost(key)}
                      >
                        +
                      </button>
                    ) : null}
                  </div>
                  <ul className="calendar-posts">
                    {dayPosts.map((post) => (
                      <li key={post.id}>
                        <PostChip post={post} dragType={DRAG_TYPE} onOpen={() => onOpenPost(post.id)} />
                      </li>
                    ))}
                  </ul>
                </div>
              );
            })}
          </div>
        ))}
      </div>
    </section>
  );
};

/** The first and last instant a view shows, for the list query. */
export const rangeOf = (view: CalendarView, anchor: Date): { from: string; to: string } => {
  const days = visibleDays(view, anchor);
  const first = days[0] ?? startOfDay(anchor);
  const last = days[days.length - 1] ?? first;
  return { from: first.toISOString(), to: addDays(last, 1).toISOString() };
};
