import { useTranslation } from 'react-i18next'
import type { CertificateStanding } from '~/modules/academy/certificate-rule'

/** What is still missing for a course's certificate, in one sentence; nothing when nothing is. */
export function certificateNeedsKey(standing: CertificateStanding | null) {
  if (standing?.kind !== 'missing') return null
  if (standing.lessonsLeft === 0)
    return standing.quizLeft ? ({ key: 'course.certificateNeeds.quiz', count: 0 } as const) : null
  return {
    key: standing.quizLeft ? 'course.certificateNeeds.quizAndLessons' : 'course.certificateNeeds.lessons',
    count: standing.lessonsLeft,
  } as const
}

export function CertificateNeeds({ standing }: { standing: CertificateStanding | null }) {
  const { t } = useTranslation('academy')
  const needs = certificateNeedsKey(standing)
  if (!needs) return null
  return (
    <p className="notice" role="note" id="certificate-needs">
      {t(needs.key, { count: needs.count })}
    </p>
  )
}
