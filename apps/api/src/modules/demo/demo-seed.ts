import { existsSync } from 'node:fs';
import { join } from 'node:path';
import bcrypt from 'bcrypt';
import type { Env } from '../../config/env';
import { fromRoot } from '../../config/paths';
import type { DbKind } from '../../db/database';
import type { Deps } from '../../deps';
import { randomToken, sha256 } from '../../lib/crypto';
import { generateKey } from '../api-keys/api-keys.service';
import { FIRST_USER_LOCK_KEY } from '../auth/auth.service';
import { INVITATION_TTL_MS } from '../members/invitations.service';
import { seedDemoBusiness } from './demo-business';
import { seedDemoFeatures } from './demo-features';

export const DEMO_OWNER_EMAIL = 'demo@aiceo.local';
export const DEMO_ORG_SLUG = 'demo-company';
const DEMO_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export type DemoLogin = { email: string; password: string };
/** Prisma's 5 s default is too tight for a first start on a busy machine (the work is a few hundred rows). */
const DEMO_TX_OPTIONS = { timeout: 60_000, maxWait: 60_000 };

/** `auto` seeds only the embedded database, so a real PostgreSQL gets demo data only when asked. */
export const shouldSeedDemo = (env: Pick<Env, 'SEED_DEMO'>, kind: DbKind): boolean =>
  env.SEED_DEMO === 'true' || (env.SEED_DEMO === 'auto' && kind === 'pglite');

const isWeekend = (date: Date): boolean => date.getUTCDay() === 0 || date.getUTCDay() === 6;

/** Made-up but steady activity for the last 30 days: busier on weekdays, nobody signs in before joining. */
const activityFor = (
  now: Date,
  people: { id: string; joinedDaysAgo: number; every: number }[],
  apiFromDaysAgo: number,
) => {
  const loginEvents: { userId: string; createdAt: Date }[] = [];
  const apiUsage: { day: Date; calls: number }[] = [];
  for (let daysAgo = DEMO_DAYS - 1; daysAgo >= 0; daysAgo--) {
    const at = new Date(now.getTime() - daysAgo * DAY_MS);
    const weekend = isWeekend(at);
    for (const person of people) {
      if (daysAgo <= person.joinedDaysAgo && daysAgo % person.every === 0 && !weekend)
        loginEvents.push({ userId: person.id, createdAt: at });
    }
    if (daysAgo <= apiFromDaysAgo) {
      const calls = weekend ? 15 + ((daysAgo * 7) % 20) : 90 + ((daysAgo * 37) % 80);
      apiUsage.push({ day: new Date(at.toISOString().slice(0, 10)), calls });
    }
  }
  return { loginEvents, apiUsage };
};

/**
 * Fills an empty database with a demo organisation so a newcomer sees a populated app, and
 * returns the demo owner's login; returns null, changing nothing, when any user exists.
 * The owner is the first user, hence platform admin. The people, the org and the pipeline are
 * written under the signup lock, so they cannot interleave with a first signup or another seeding
 * process; the rest of the features (money, campaign, goals, tasks, the engine's insights) follow
 * through their own services once that has committed. The tasks it queues run on the executor
 * (main.ts ticks it once at the start).
 */
export const seedDemo = async (deps: Deps): Promise<DemoLogin | null> => {
  const { db, env, clock } = deps;
  // A cheap look first, so that every later start skips the bcrypt work; the check that counts is under the lock.
  if (await db.user.findFirst({ select: { id: true } })) return null;
  const password = randomToken(15);
  // The other demo people get a password nobody knows (they can use "forgot password").
  const [ownerHash, othersHash] = await Promise.all([
    bcrypt.hash(password, env.BCRYPT_COST),
    bcrypt.hash(randomToken(), env.BCRYPT_COST),
  ]);
  const now = clock.now();
  const ago = (days: number) => new Date(now.getTime() - days * DAY_MS);

  const seeded = await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${FIRST_USER_LOCK_KEY})`;
    if (await tx.user.findFirst({ select: { id: true } })) return null;

    const person = (
      email: string,
      name: string,
      passwordHash: string,
      joinedDaysAgo: number,
      isPlatformAdmin = false,
    ) =>
      tx.user.create({
        data: {
          email,
          name,
          passwordHash,
          isPlatformAdmin,
          createdAt: ago(joinedDaysAgo),
          passwordChangedAt: ago(joinedDaysAgo),
        },
        select: { id: true },
      });
    const owner = await person(DEMO_OWNER_EMAIL, 'Demo Owner', ownerHash, 29, true);
    const admin = await person('avery.admin@aiceo.local', 'Avery Admin', othersHash, 21);
    const member = await person('morgan.member@aiceo.local', 'Morgan Member', othersHash, 8);

    const org = await tx.organization.create({
      data: {
        name: 'Demo Company',
        slug: DEMO_ORG_SLUG,
        // Pro, so that the engine's hourly analysis and the demo's goals and campaign fit the month's allowance.
        plan: 'pro',
        createdAt: ago(29),
        memberships: {
          create: [
            { userId: owner.id, role: 'owner', createdAt: ago(29) },
            { userId: admin.id, role: 'admin', createdAt: ago(21) },
            { userId: member.id, role: 'member', createdAt: ago(8) },
          ],
        },
      },
      select: { id: true },
    });
    const invitedAt = ago(2);
    await tx.invitation.create({
      data: {
        orgId: org.id,
        email: 'new.hire@aiceo.local',
        role: 'member',
        // The link was never mailed; the invitation is there to be seen, revoked or sent again.
        tokenHash: sha256(randomToken()),
        invitedById: owner.id,
        createdAt: invitedAt,
        expiresAt: new Date(invitedAt.getTime() + INVITATION_TTL_MS),
      },
    });
    // The secret is thrown away: the key shows up in the list, and a real one is one click away.
    const { key, prefix } = generateKey();
    await tx.apiKey.create({
      data: {
        orgId: org.id,
        name: 'Demo integration',
        prefix,
        keyHash: sha256(key),
        scopes: ['read'],
        createdById: owner.id,
        createdAt: ago(25),
        lastUsedAt: ago(1),
      },
    });

    const { loginEvents, apiUsage } = activityFor(
      now,
      [
        { id: owner.id, joinedDaysAgo: 29, every: 1 },
        { id: admin.id, joinedDaysAgo: 21, every: 2 },
        { id: member.id, joinedDaysAgo: 8, every: 3 },
      ],
      25,
    );
    // The AI CEO already knows what the company does, so its first answers are about this business.
    await tx.aiSettings.create({
      data: {
        orgId: org.id,
        name: 'Atlas',
        personality: 'coachty',
        industry: 'B2B consulting',
        companyDescription: 'A five-person studio that helps small manufacturers sell online.',
        goals: [
          'Sign 3 new retainer clients this quarter',
          'Publish two LinkedIn posts a week',
          'Keep AI spend under $50 a month',
        ],
        contentThemes: ['Selling online for manufacturers', 'Client case studies', 'Trade show takeaways'],
        updatedById: owner.id,
      },
    });
    await seedDemoBusiness(tx, { orgId: org.id, ownerId: owner.id, now });
    await tx.loginEvent.createMany({ data: loginEvents });
    await tx.apiUsageDaily.createMany({ data: apiUsage.map((u) => ({ orgId: org.id, ...u })) });
    return { orgId: org.id, ownerId: owner.id };
  }, DEMO_TX_OPTIONS);
  if (!seeded) return null;
  // After the commit, through each feature's own services (they open their own transactions).
  await seedDemoFeatures(deps, { ...seeded, now });
  return { email: DEMO_OWNER_EMAIL, password };
};

/** Where to sign in: this server when it serves the built SPA, else the SPA's own origin. */
export const demoAppUrl = (env: Pick<Env, 'WEB_DIST_DIR' | 'FRONTEND_URL'>, port: number): string => {
  const webDist = env.WEB_DIST_DIR ? fromRoot(env.WEB_DIST_DIR) : '';
  return webDist && existsSync(join(webDist, 'index.html')) ? `http://localhost:${port}` : env.FRONTEND_URL;
};

/** Whether the demo owner made at a first start is still there. */
export const hasDemoOwner = async ({ db }: Pick<Deps, 'db'>): Promise<boolean> =>
  (await db.user.count({ where: { email: DEMO_OWNER_EMAIL } })) > 0;

/**
 * What a later start (outside production) tells the person at the terminal. The demo password is not
 * repeated: it was shown once at the first start and only its hash is kept, like every password here.
 */
export const readyBanner = ({
  url,
  demoOwner,
  pgliteDir,
}: {
  url: string;
  demoOwner: boolean;
  /** The embedded database's folder, if that is the database: deleting it gives a fresh demo. */
  pgliteDir?: string;
}): string =>
  [
    '',
    `  AI CEO is ready: ${url}`,
    ...(demoOwner
      ? [`    Demo login: ${DEMO_OWNER_EMAIL}, with the password printed at the first start (kept only as a hash).`]
      : []),
    ...(demoOwner && pgliteDir
      ? [`    Lost it? Stop the app, delete ${pgliteDir} (all data) and start again: a fresh demo, a new password.`]
      : []),
    '',
    '',
  ].join('\n');

/** The one-time notice for the person at the terminal (never logged: it holds a password). */
export const demoBanner = ({ url, email, password }: DemoLogin & { url: string }): string =>
  [
    '',
    '  Demo data created (first start on an empty database)',
    `    URL:       ${url}`,
    `    Email:     ${email}`,
    `    Password:  ${password}`,
    '  This demo owner is the platform admin (the first user). The password is shown only',
    '  this once and stored only as a hash: change it after signing in. SEED_DEMO=false turns this off.',
    '',
    '',
  ].join('\n');
