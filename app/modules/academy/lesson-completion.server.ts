import { and, eq, inArray, isNotNull } from 'drizzle-orm'
import type { CourseLesson } from '#db/schema/academy'
import { schema } from '~/db.server'
import type { Tx } from './certificates.server'

const { lessonProgress, videoProgress, quizAttempts } = schema

/*
 * When is a lesson done? Each kind has one source of truth, read the same way everywhere:
 * - video: the person's video_progress.watched_at is set for the lesson's video (the player
 *   records it when the watched share reaches the threshold);
 * - article: a lesson_progress row, written when the person presses "Mark as read";
 * - quiz: a passed, submitted attempt of the lesson's quiz exists.
 * A passed quiz also writes lesson_progress (the moment it was completed), but completion is
 * always decided from the attempts.
 */

/** The database or a transaction: completion is read the same way inside a write and outside. */
export type Reader = Pick<Tx, 'select' | 'selectDistinct'>

/** The ids of the lessons the person has completed, by the rules at the top of this file. */
export function completedLessonIds(
  reader: Reader,
  {
    userId,
    lessons,
  }: {
    userId: number | null
    lessons: Pick<CourseLesson, 'id' | 'kind' | 'videoId' | 'quizId'>[]
  },
) {
  const done = new Set<number>()
  if (!userId || lessons.length === 0) return done
  const articleLessonIds = lessons.filter((l) => l.kind === 'article').map((l) => l.id)
  const videoIds = lessons.flatMap((l) => (l.kind === 'video' && l.videoId ? [l.videoId] : []))
  const quizIds = lessons.flatMap((l) => (l.kind === 'quiz' && l.quizId ? [l.quizId] : []))
  const read = articleLessonIds.length
    ? reader
        .select({ lessonId: lessonProgress.lessonId })
        .from(lessonProgress)
        .where(and(eq(lessonProgress.userId, userId), inArray(lessonProgress.lessonId, articleLessonIds)))
        .all()
    : []
  const watched = videoIds.length
    ? reader
        .select({ videoId: videoProgress.videoId })
        .from(videoProgress)
        .where(
          and(
            eq(videoProgress.userId, userId),
            inArray(videoProgress.videoId, videoIds),
            isNotNull(videoProgress.watchedAt),
          ),
        )
        .all()
    : []
  const passed = quizIds.length
    ? reader
        .selectDistinct({ quizId: quizAttempts.quizId })
        .from(quizAttempts)
        .where(
          and(
            eq(quizAttempts.userId, userId),
            inArray(quizAttempts.quizId, quizIds),
            eq(quizAttempts.passed, true),
            isNotNull(quizAttempts.submittedAt),
          ),
        )
        .all()
    : []
  const readIds = new Set(read.map((r) => r.lessonId))
  const watchedIds = new Set(watched.map((w) => w.videoId))
  const passedIds = new Set(passed.map((p) => p.quizId))
  for (const lesson of lessons) {
    if (lesson.kind === 'article' && readIds.has(lesson.id)) done.add(lesson.id)
    if (lesson.kind === 'video' && lesson.videoId && watchedIds.has(lesson.videoId)) done.add(lesson.id)
    if (lesson.kind === 'quiz' && lesson.quizId && passedIds.has(lesson.quizId)) done.add(lesson.id)
  }
  return done
}
