import { describe, expect, it } from 'vitest'
import { courseMinutes, lessonMinutes } from './course-duration'
import { formatStudyTime } from './format'

describe('course duration', () => {
  it('measures a video by its running time, an article by its text and a quiz by its questions, rounding up', () => {
    expect(lessonMinutes({ kind: 'video', durationSeconds: 20 })).toBe(1)
    expect(lessonMinutes({ kind: 'video', durationSeconds: 125 })).toBe(3)
    // About 1,200 characters a minute.
    expect(lessonMinutes({ kind: 'article', bodyLength: 6000 })).toBe(5)
    expect(lessonMinutes({ kind: 'article', bodyLength: 6001 })).toBe(6)
    expect(lessonMinutes({ kind: 'article', bodyLength: 0 })).toBe(1)
    expect(lessonMinutes({ kind: 'quiz', questions: 9 })).toBe(9)
    expect(lessonMinutes({ kind: 'quiz', questions: 0 })).toBe(1)
  })

  it('is the sum of the minutes its lessons show, so the course and its list add up', () => {
    const lessons = [
      { kind: 'video', durationSeconds: 40 },
      { kind: 'article', bodyLength: 5000 },
      { kind: 'video', durationSeconds: 200 },
      { kind: 'quiz', questions: 9 },
    ] as const
    expect(courseMinutes([...lessons])).toBe(1 + 5 + 4 + 9)
    expect(courseMinutes([...lessons])).toBe(lessons.reduce((sum, l) => sum + lessonMinutes(l), 0))
    expect(courseMinutes([])).toBe(0)
  })

  it('says the time in each language through Intl, to five minutes past the hour', () => {
    expect(formatStudyTime('en', 21)).toBe('21 minutes')
    expect(formatStudyTime('en', 1)).toBe('1 minute')
    expect(formatStudyTime('en', 63)).toBe('1 hour, 5 minutes')
    expect(formatStudyTime('en', 120)).toBe('2 hours')
    expect(formatStudyTime('ru', 21)).toBe('21 минута')
    expect(formatStudyTime('ru', 64)).toBe('1 час 5 минут')
    expect(formatStudyTime('es', 21)).toBe('21 minutos')
    expect(formatStudyTime('pt', 90)).toBe('1 hora e 30 minutos')
  })
})
