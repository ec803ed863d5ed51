import { leadScore, type LeadPriority, type LeadStage } from '@aiceo/shared/leads';
import type { Prisma } from '../../generated/prisma/client';

const DAY_MS = 24 * 60 * 60 * 1000;

type DemoLead = {
  name: string;
  company: string;
  title: string;
  source: string;
  stage: LeadStage;
  priority: LeadPriority;
  valueCents: number;
  createdDaysAgo: number;
  /** Days ago of each logged activity, newest last; none means never contacted. */
  activities: { daysAgo: number; kind: 'call' | 'email' | 'meeting' | 'note'; summary: string }[];
  tags: string[];
};

// Names and companies are invented; a mix of fresh, active and stale leads across the pipeline.
const LEADS: DemoLead[] = [
  {
    name: 'Dana Whitfield',
    company: 'Whitfield Tools',
    title: 'Operations Director',
    source: 'LinkedIn',
    stage: 'qualified',
    priority: 'high',
    valueCents: 1_200_000,
    createdDaysAgo: 40,
    activities: [
      { daysAgo: 38, kind: 'call', summary: 'Intro call: wants an online catalogue' },
      { daysAgo: 21, kind: 'email', summary: 'Sent the pilot pricing' },
    ],
    tags: ['manufacturing'],
  },
  {
    name: 'Luis Ortega',
    company: 'Ortega Metalworks',
    title: 'Owner',
    source: 'Referral',
    stage: 'proposal',
    priority: 'high',
    valueCents: 2_400_000,
    createdDaysAgo: 35,
    activities: [
      { daysAgo: 30, kind: 'meeting', summary: 'Workshop on their B2B ordering' },
      { daysAgo: 18, kind: 'email', summary: 'Proposal sent for the 6-month retainer' },
    ],
    tags: ['manufacturing', 'retainer'],
  },
  {
    name: 'Priya Raman',
    company: 'Raman Textiles',
    title: 'Head of Sales',
    source: 'Website',
    stage: 'contacted',
    priority: 'medium',
    valueCents: 600_000,
    createdDaysAgo: 12,
    activities: [{ daysAgo: 3, kind: 'email', summary: 'Replied to the website enquiry' }],
    tags: ['textiles'],
  },
  {
    name: 'Tom Becker',
    company: 'Becker Plastics',
    title: 'CEO',
    source: 'Trade show',
    stage: 'new',
    priority: 'medium',
    valueCents: 900_000,
    createdDaysAgo: 20,
    activities: [],
    tags: ['trade-show'],
  },
  {
    name: 'Aiko Tanaka',
    company: 'Tanaka Ceramics',
    title: 'Founder',
    source: 'LinkedIn',
    stage: 'won',
    priority: 'high',
    valueCents: 1_800_000,
    createdDaysAgo: 60,
    activities: [
      { daysAgo: 55, kind: 'call', summary: 'Discovery call' },
      { daysAgo: 25, kind: 'meeting', summary: 'Signed the retainer' },
    ],
    tags: ['retainer'],
  },
  {
    name: 'Grace Liu',
    company: 'Liu Components',
    title: 'Marketing Manager',
    source: 'Newsletter',
    stage: 'new',
    priority: 'low',
    valueCents: 250_000,
    createdDaysAgo: 2,
    activities: [],
    tags: [],
  },
  {
    name: 'Marco Bianchi',
    company: 'Bianchi Furniture',
    title: 'Sales Lead',
    source: 'Referral',
    stage: 'qualified',
    priority: 'medium',
    valueCents: 750_000,
    createdDaysAgo: 16,
    activities: [{ daysAgo: 6, kind: 'call', summary: 'Qualified: budget approved for Q1' }],
    tags: ['furniture'],
  },
  {
    name: 'Sara Nilsson',
    company: 'Nilsson Print',
    title: 'Owner',
    source: 'Website',
    stage: 'lost',
    priority: 'low',
    valueCents: 300_000,
    createdDaysAgo: 45,
    activities: [{ daysAgo: 40, kind: 'email', summary: 'Chose a cheaper agency' }],
    tags: [],
  },
  {
    name: 'Omar Haddad',
    company: 'Haddad Foods',
    title: 'COO',
    source: 'Trade show',
    stage: 'contacted',
    priority: 'high',
    valueCents: 1_500_000,
    createdDaysAgo: 28,
    activities: [{ daysAgo: 26, kind: 'email', summary: 'Sent the case study after the fair' }],
    tags: ['trade-show', 'food'],
  },
  {
    name: 'Julia Weber',
    company: 'Weber Glass',
    title: 'E-commerce Manager',
    source: 'LinkedIn',
    stage: 'proposal',
    priority: 'medium',
    valueCents: 1_100_000,
    createdDaysAgo: 22,
    activities: [
      { daysAgo: 9, kind: 'meeting', summary: 'Walked through the proposal' },
      { daysAgo: 2, kind: 'note', summary: 'Waiting on their CFO' },
    ],
    tags: ['retainer'],
  },
];

/** Leads with activities and a meeting, and posts in every state, for the demo organisation. */
export const seedDemoBusiness = async (
  tx: Prisma.TransactionClient,
  { orgId, ownerId, now }: { orgId: string; ownerId: string; now: Date },
) => {
  const ago = (days: number) => new Date(now.getTime() - days * DAY_MS);
  for (const lead of LEADS) {
    const last = lead.activities.at(-1);
    const activityCount = lead.activities.length;
    const created = await tx.lead.create({
      data: {
        orgId,
        name: lead.name,
        email: `${lead.name.toLowerCase().replace(/[^a-z]+/g, '.')}@example.com`,
        company: lead.company,
        title: lead.title,
        source: lead.source,
        stage: lead.stage,
        priority: lead.priority,
        valueCents: lead.valueCents,
        ownerId,
        tags: lead.tags,
        activityCount,
        lastActivityAt: last ? ago(last.daysAgo) : null,
        score: leadScore({ ...lead, activityCount }).score,
        createdAt: ago(lead.createdDaysAgo),
      },
      select: { id: true },
    });
    if (activityCount > 0) {
      await tx.leadActivity.createMany({
        data: lead.activities.map((a) => ({
          orgId,
          leadId: created.id,
          kind: a.kind,
          summary: a.summary,
          actorId: ownerId,
          occurredAt: ago(a.daysAgo),
        })),
      });
    }
    if (lead.stage === 'proposal' && lead.name === 'Julia Weber') {
      const startsAt = new Date(ago(-3).setUTCHours(14, 0, 0, 0));
      await tx.meeting.create({
        data: {
          orgId,
          leadId: created.id,
          title: 'Proposal follow-up with the CFO',
          startsAt,
          endsAt: new Date(startsAt.getTime() + 45 * 60_000),
          location: 'Video call',
        },
      });
    }
  }
  const at = (daysFromNow: number, hour: number) =>
    new Date(new Date(now.getTime() + daysFromNow * DAY_MS).setUTCHours(hour, 0, 0, 0));
  await tx.contentPost.createMany({
    data: [
      {
        orgId,
        title: 'Why small manufacturers should sell online',
        body: 'Three lessons from helping 12 workshops open their first online store...',
        status: 'published',
        publishedAt: at(-9, 9),
        scheduledFor: at(-9, 9),
        createdBy: ownerId,
      },
      {
        orgId,
        title: 'What a B2B buyer expects from your catalogue',
        body: 'Prices, stock and delivery dates: the three things buyers look for first...',
        status: 'published',
        publishedAt: at(-16, 9),
        scheduledFor: at(-16, 9),
        createdBy: ownerId,
      },
      {
        orgId,
        title: 'Meet the team behind Demo Company',
        body: 'Five people, one goal: getting small manufacturers selling online...',
        status: 'published',
        publishedAt: at(-23, 10),
        scheduledFor: at(-23, 10),
        createdBy: ownerId,
      },
      {
        orgId,
        title: 'Case study: Tanaka Ceramics',
        body: 'How Tanaka Ceramics doubled repeat orders with a simple B2B portal.',
        status: 'scheduled',
        scheduledFor: at(2, 9),
        createdBy: ownerId,
      },
      {
        orgId,
        title: 'Trade show takeaways',
        body: 'What we heard from 40 manufacturers at the regional fair.',
        status: 'scheduled',
        scheduledFor: at(6, 13),
        createdBy: ownerId,
      },
      {
        orgId,
        title: 'Pricing your catalogue online',
        body: 'Draft: tiered pricing vs. quotes...',
        status: 'draft',
        createdBy: ownerId,
      },
    ],
  });
};
