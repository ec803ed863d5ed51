import { dayInWords } from '@aiceo/shared/dates-in-words';
import type { ProjectForClient } from '../projects/projects.service';
import { escapeHtml, renderPage } from './page-layout';

const day = (isoDay: string) => dayInWords(`${isoDay}T00:00:00.000Z`);

const milestoneHtml = (m: ProjectForClient['milestones'][number]) => {
  const state = m.done
    ? `<span class="done">✓ Done${m.doneAt ? ` ${escapeHtml(day(m.doneAt.slice(0, 10)))}` : ''}</span>`
    : m.overdue
      ? '<span class="late">Overdue</span>'
      : '<span class="muted">To do</span>';
  const deliverables = m.deliverables.length
    ? `<ul>${m.deliverables.map((d) => `<li>${escapeHtml(d)}</li>`).join('')}</ul>`
    : '';
  return `<div class="item"><div class="row"><strong>${m.done ? '✓ ' : ''}${escapeHtml(m.title)}</strong>${state}</div>${m.dueDate ? `<p class="muted">Due ${escapeHtml(day(m.dueDate))}</p>` : ''}${m.description ? `<p>${escapeHtml(m.description)}</p>` : ''}${deliverables}</div>`;
};

/** The client's read-only progress page: status, progress, milestones; nothing else of the org. */
export const renderProjectPage = (p: ProjectForClient): string => {
  const dates = [p.startDate ? `started ${day(p.startDate)}` : '', p.dueDate ? `due ${day(p.dueDate)}` : '']
    .filter(Boolean)
    .join(' · ');
  const milestones = p.milestones.length
    ? p.milestones.map(milestoneHtml).join('')
    : '<p class="muted">No milestones yet.</p>';
  return renderPage({
    brand: { orgName: p.orgName, brandColor: p.brandColor, logoUrl: p.logoUrl },
    title: p.name,
    body: `<h1>${escapeHtml(p.name)}</h1><p class="muted">${escapeHtml(p.statusLabel)}${dates ? ` · ${escapeHtml(dates)}` : ''}</p><section><div class="row"><strong>Progress</strong><span>${p.progressPercent} %</span></div><div class="bar" role="progressbar" aria-valuenow="${p.progressPercent}" aria-valuemin="0" aria-valuemax="100"><span style="width:${p.progressPercent}%"></span></div></section><section><h2>Milestones</h2>${milestones}</section><p class="muted">Last updated ${escapeHtml(dayInWords(p.updatedAt))}</p>`,
  });
};
