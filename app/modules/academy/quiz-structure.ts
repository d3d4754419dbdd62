import type { QuestionKind } from '#db/schema/academy'

export const quizProblemCodes = ['noQuestions', 'tooFewOptions', 'noCorrect', 'singleNeedsOne'] as const
export type QuizProblem = { code: (typeof quizProblemCodes)[number]; questionKey: string | null }

/** What keeps a quiz from being published: every question needs two options and a right one; a single-choice question exactly one. */
export function quizStructureProblems(
  structure: { key: string; kind: QuestionKind; options: { correct: boolean }[] }[],
): QuizProblem[] {
  if (structure.length === 0) return [{ code: 'noQuestions', questionKey: null }]
  const problems: QuizProblem[] = []
  for (const question of structure) {
    const correct = question.options.filter((o) => o.correct).length
    if (question.options.length < 2) problems.push({ code: 'tooFewOptions', questionKey: question.key })
    if (correct === 0) problems.push({ code: 'noCorrect', questionKey: question.key })
    else if (question.kind === 'single' && correct > 1)
      problems.push({ code: 'singleNeedsOne', questionKey: question.key })
  }
  return problems
}
