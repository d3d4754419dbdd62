import { describe, expect, it } from 'vitest'
import { quizStructureProblems } from './quiz-structure'

const option = (correct: boolean) => ({ correct })

describe('quizStructureProblems', () => {
  it('accepts single-choice questions with one right option and multiple-choice ones with several', () => {
    expect(
      quizStructureProblems([
        { key: 'q1', kind: 'single', options: [option(true), option(false)] },
        { key: 'q2', kind: 'multiple', options: [option(true), option(true), option(false)] },
      ]),
    ).toEqual([])
  })

  it('names every question that cannot be answered fairly', () => {
    expect(
      quizStructureProblems([
        { key: 'q1', kind: 'single', options: [option(true), option(true)] },
        { key: 'q2', kind: 'multiple', options: [option(false), option(false)] },
        { key: 'q3', kind: 'single', options: [option(true)] },
      ]),
    ).toEqual([
      { code: 'singleNeedsOne', questionKey: 'q1' },
      { code: 'noCorrect', questionKey: 'q2' },
      { code: 'tooFewOptions', questionKey: 'q3' },
    ])
  })

  it('refuses a quiz without questions', () => {
    expect(quizStructureProblems([])).toEqual([{ code: 'noQuestions', questionKey: null }])
  })
})
