import { formatCents } from '../../ai/business-facts';
import { aiMessagesPerAnswer, runAi } from '../../ai/ai.service';
import { gatherOrgFacts, type OrgFacts } from '../../ai/org-context';
import { PermanentTaskError, RetryableTaskError, type TaskHandler } from '../task-handler';
import { spendUsage } from '../../usage/usage.service';
import { actorOf, day, sentence } from './handler-support';

const GOAL_STEP_TASK = [
  'You are working one step of a goal the owner set. Produce the deliverable for this step yourself, ready to use:',
  'a plan, a draft, a list of concrete actions with owners and dates, or whatever the step calls for.',
  'Ground it in the organisation data you were given and never invent numbers.',
  'Reply in Markdown: a heading with the step, the deliverable, then a short checklist of what the owner still has to do.',
].join(' ');

type GoalRow = { title: string; description: string; targetDate: Date | null };

/** Offline mode's deliverable: a marked checklist from the step and the org's own figures. */
const templateGoalStep = (options: { goal: GoalRow; step: string; detail: string; facts: OrgFacts }): string => {
  const { goal, facts } = options;
  const stale = facts.pipeline.stale[0];
  return [
    `_Offline mode: this checklist is a template built from the step and ${facts.org.name}'s data, not a model._`,
    '',
    `## ${options.step}`,
    '',
    `Part of the goal **${goal.title}**${goal.targetDate ? `, due ${day(goal.targetDate)}` : ''}.`,
    ...(options.detail ? ['', sentence(options.detail)] : []),
    '',
    '### Checklist',
    `- [ ] Write down what "done" means for this step in one sentence.`,
    '- [ ] List what it needs (people, budget, tools) and who does each part.',
    '- [ ] Do the first piece of work today and note the result.',
    ...(stale
      ? [
          `- [ ] If it touches sales: ${facts.pipeline.staleCount} leads have gone quiet; start with ${stale.name}${stale.company ? ` (${stale.company})` : ''}.`,
        ]
      : []),
    ...(facts.content.scheduled === 0
      ? ['- [ ] Tell your network about it: nothing is scheduled on LinkedIn yet.']
      : []),
    `- [ ] Check progress against the goal${goal.targetDate ? ` before ${day(goal.targetDate)}` : ''}, then mark this step done.`,
    '',
    '### Where things stand',
    `- Leads: ${facts.pipeline.total} in the CRM, ${formatCents(facts.pipeline.openValueCents)} open, ${formatCents(facts.pipeline.wonValueCents)} won`,
    `- Content: ${facts.content.publishedThisMonth} published this month, ${facts.content.scheduled} scheduled, ${facts.content.drafts} drafts`,
    `- Email: ${facts.email.campaignsSent} campaigns sent`,
  ].join('\n');
};

/** The AI works one step of a goal and hands back the deliverable (Markdown). */
export const runGoalStep: TaskHandler<'goal_step'> = async (deps, run) => {
  const { orgId, input } = run;
  const goal = await deps.db.goal.findFirst({
    where: { id: input.goalId, orgId },
    select: { title: true, description: true, targetDate: true, status: true },
  });
  if (!goal) throw new PermanentTaskError('The goal was deleted');
  if (goal.status === 'cancelled') throw new PermanentTaskError('The goal was cancelled');
  return spendUsage(deps, { orgId, resource: 'aiMessages', count: aiMessagesPerAnswer(deps) }, async () => {
    const facts = await gatherOrgFacts(deps, { orgId });
    const request = [
      `Goal: ${goal.title}${goal.targetDate ? ` (target date ${day(goal.targetDate)})` : ''}`,
      ...(goal.description ? [`About the goal: ${goal.description}`] : []),
      `Step to work now: ${input.step}`,
      ...(input.detail ? [`Details: ${input.detail}`] : []),
    ].join('\n');
    const result = await runAi(deps, {
      orgId,
      userId: actorOf(run),
      purpose: 'reasoning',
      turns: [{ role: 'user', content: request }],
      task: GOAL_STEP_TASK,
      facts,
      signal: run.signal,
    });
    // A lost lease stops the AI early; its partial answer must not be used.
    run.signal.throwIfAborted();
    const deliverable =
      result.provider === 'offline'
        ? templateGoalStep({ goal, step: input.step, detail: input.detail, facts })
        : result.text.trim();
    if (!deliverable) throw new RetryableTaskError('The AI wrote an empty deliverable');
    return { goalId: input.goalId, step: input.step, deliverable, provider: result.provider };
  });
};
