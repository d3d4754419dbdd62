import { describe, expect, it } from 'vitest'
import { certificateStanding, finalQuizLesson, passCounts } from './certificate-rule'

const video = { id: 1, kind: 'video' as const, quizId: null }
const article = { id: 2, kind: 'article' as const, quizId: null }
const midQuiz = { id: 3, kind: 'quiz' as const, quizId: 30 }
const finalQuiz = { id: 4, kind: 'quiz' as const, quizId: 40 }
const lessons = [video, article, midQuiz, finalQuiz]
const pass = { attemptId: 7 }

describe('the certificate rule', () => {
  it('takes the last quiz lesson as the final quiz, and a course without one certifies nobody', () => {
    expect(finalQuizLesson(lessons)).toBe(finalQuiz)
    expect(finalQuizLesson([video, article])).toBeNull()
    expect(
      certificateStanding({
        lessons: [video, article],
        doneLessonIds: new Set([1, 2]),
        validCertificateCode: null,
        countingPass: null,
      }),
    ).toEqual({ kind: 'none' })
  })

  it('counts every lesson but the final quiz as missing until done, and the final quiz until passed', () => {
    expect(
      certificateStanding({
        lessons,
        doneLessonIds: new Set(),
        validCertificateCode: null,
        countingPass: null,
      }),
    ).toEqual({ kind: 'missing', lessonsLeft: 3, quizLeft: true })
    // The quiz passed with lessons missing: no certificate yet (the "3 of 6 lessons").
    expect(
      certificateStanding({
        lessons,
        doneLessonIds: new Set([4, 1]),
        validCertificateCode: null,
        countingPass: pass,
      }),
    ).toEqual({ kind: 'missing', lessonsLeft: 2, quizLeft: false })
    expect(
      certificateStanding({
        lessons,
        doneLessonIds: new Set([1, 2, 3]),
        validCertificateCode: null,
        countingPass: null,
      }),
    ).toEqual({ kind: 'missing', lessonsLeft: 0, quizLeft: true })
  })

  it('is due when every lesson is done and a counting pass exists, and held once a valid certificate exists', () => {
    expect(
      certificateStanding({
        lessons,
        doneLessonIds: new Set([1, 2, 3, 4]),
        validCertificateCode: null,
        countingPass: pass,
      }),
    ).toEqual({ kind: 'complete', attemptId: 7 })
    expect(
      certificateStanding({
        lessons,
        doneLessonIds: new Set([1, 2, 3, 4]),
        validCertificateCode: 'HUB-X',
        countingPass: pass,
      }),
    ).toEqual({ kind: 'certified', code: 'HUB-X' })
  })

  it('lets a pass earn a renewal only when it came after the latest certificate expired', () => {
    const expiry = new Date('2027-05-02T09:00:00Z')
    expect(passCounts(new Date('2026-01-01T00:00:00Z'), null)).toBe(true)
    expect(passCounts(new Date('2027-05-02T08:59:59Z'), { expiresAt: expiry })).toBe(false)
    expect(passCounts(expiry, { expiresAt: expiry })).toBe(true)
    expect(passCounts(new Date('2030-01-01T00:00:00Z'), { expiresAt: null })).toBe(false)
  })
})
