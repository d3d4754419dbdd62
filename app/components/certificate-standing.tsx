import type { CertificateStanding } from '~/modules/academy/certificate-rule'
import { useTranslation } from '~/modules/i18n/use-translation'

/**
 * What is still missing for a course's certificate, in one sentence; nothing when nothing is.
 * Right after the final quiz's result, which already says it was passed, only the lessons are named.
 */
export function certificateNeedsKey(standing: CertificateStanding | null, afterPass = false) {
  if (standing?.kind !== 'missing') return null
  if (standing.lessonsLeft === 0)
    return standing.quizLeft ? ({ key: 'course.certificateNeeds.quiz', count: 0 } as const) : null
  if (standing.quizLeft)
    return { key: 'course.certificateNeeds.quizAndLessons', count: standing.lessonsLeft } as const
  return {
    key: afterPass ? 'course.certificateNeeds.remaining' : 'course.certificateNeeds.lessons',
    count: standing.lessonsLeft,
  } as const
}

export function CertificateNeeds({
  standing,
  afterPass = false,
}: {
  standing: CertificateStanding | null
  afterPass?: boolean
}) {
  const { t } = useTranslation('academy')
  const needs = certificateNeedsKey(standing, afterPass)
  if (!needs) return null
  return (
    <p className="notice" role="note" id="certificate-needs">
      {t(needs.key, { count: needs.count })}
    </p>
  )
}
