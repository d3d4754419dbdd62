/**
 * How long a course takes, from its lessons: the one rule behind every duration the academy
 * shows (the catalog, the course's header, each lesson's line), so they always add up.
 */

/** What a lesson's length is measured by: a video's running time, an article's text, a quiz's questions. */
export type LessonLength =
  | { kind: 'video'; durationSeconds: number }
  | { kind: 'article'; bodyLength: number }
  | { kind: 'quiz'; questions: number }

/** About 200 words a minute, about six characters a word. */
const readingCharactersPerMinute = 1200
/** About a minute to read a question and its options and choose. */
const minutesPerQuestion = 1

/** Whole minutes, rounded up: a 20-second video or a short article still takes "1 minute". */
export function lessonMinutes(lesson: LessonLength) {
  const minutes =
    lesson.kind === 'video'
      ? lesson.durationSeconds / 60
      : lesson.kind === 'article'
        ? lesson.bodyLength / readingCharactersPerMinute
        : lesson.questions * minutesPerQuestion
  return Math.max(1, Math.ceil(minutes))
}

/** The sum of the lessons' minutes as each lesson shows them; 0 for a course without lessons. */
export function courseMinutes(lessons: LessonLength[]) {
  return lessons.reduce((sum, lesson) => sum + lessonMinutes(lesson), 0)
}
