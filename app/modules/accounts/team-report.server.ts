import { eq } from 'drizzle-orm'
import { db, schema } from '~/db.server'
import { listCertificatesForUser } from '~/modules/academy/certificates.server'
import { listCourses } from '~/modules/academy/courses.server'
import type { Locale } from '~/modules/i18n/locales'
import { getOnboarding } from '~/modules/onboarding/progress.server'
import { listAccountMembers } from './accounts.server'

const { accountItemProgress } = schema

/**
 * What an account admin sees of each colleague: the onboarding steps they ticked (or that an
 * event of theirs completed), the courses they started with lessons done of all, and their
 * certificates, titles in the reader's language. A step is credited to whoever completed it:
 * the account has one checklist, and the person is what the admin asks about.
 */
export async function getTeamReport({ accountId, locale }: { accountId: number; locale: Locale }) {
  const [members, onboarding, completions] = await Promise.all([
    listAccountMembers({ accountId }),
    getOnboarding({ accountId, locale }),
    db
      .select({
        itemKey: accountItemProgress.itemKey,
        doneAt: accountItemProgress.doneAt,
        doneById: accountItemProgress.doneById,
      })
      .from(accountItemProgress)
      .where(eq(accountItemProgress.accountId, accountId)),
  ])
  const items = onboarding?.items ?? []
  return Promise.all(
    members.map(async (member) => {
      const [courses, certificates] = await Promise.all([
        listCourses({ locale, userId: member.id }),
        listCertificatesForUser({ userId: member.id, locale }),
      ])
      return {
        id: member.id,
        name: member.name,
        email: member.email,
        disabled: member.disabled,
        steps: items.flatMap((item) => {
          const done = completions.find((c) => c.itemKey === item.key && c.doneById === member.id)
          return done ? [{ key: item.key, title: item.title, doneAt: done.doneAt }] : []
        }),
        courses: courses
          .filter((c) => c.doneCount > 0)
          .map((c) => ({
            key: c.key,
            title: c.title,
            lessonsDone: c.doneCount,
            lessonsTotal: c.lessonCount,
          })),
        certificates: certificates.map((c) => ({
          code: c.code,
          courseTitle: c.courseTitle,
          issuedAt: c.issuedAt,
          valid: c.valid,
        })),
      }
    }),
  )
}

export type TeamReport = Awaited<ReturnType<typeof getTeamReport>>

/**
 * The report as CSV rows, one per person and thing done, so a spreadsheet can filter and
 * count: header names are a contract (docs/design.md), English snake_case in every language.
 */
export const teamReportCsvHeader = [
  'person_name',
  'person_email',
  'kind',
  'item',
  'lessons_done',
  'lessons_total',
  'done_at',
]

export function teamReportCsvRows(report: TeamReport) {
  return report.flatMap((person) => {
    const who = [person.name, person.email]
    return [
      ...person.steps.map((s) => [...who, 'onboarding_step', s.title, null, null, s.doneAt.toISOString()]),
      ...person.courses.map((c) => [...who, 'course', c.title, c.lessonsDone, c.lessonsTotal, null]),
      ...person.certificates.map((c) => [
        ...who,
        'certificate',
        c.courseTitle,
        null,
        null,
        c.issuedAt.toISOString(),
      ]),
    ]
  })
}
