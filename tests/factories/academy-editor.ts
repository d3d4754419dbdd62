import Database from 'better-sqlite3'

/** Writes the editor tests' content straight into the server's database: every translation state, independent of the starter courses. */
function writeDb(databaseFile: string, write: (db: Database.Database) => void) {
  const db = new Database(databaseFile)
  db.pragma('busy_timeout = 5000')
  try {
    write(db)
  } finally {
    db.close()
  }
}

export const validCaptions = 'WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nПривет\n'

/**
 * A video (en published, ru draft, es outdated, pt missing), a quiz with a single-choice question
 * marked with two right answers, and a course of three lessons. Their keys start with `prefix`
 * (`<prefix>-video`, `-quiz`, `-course`): give each test a unique one so tests never share them.
 */
export function insertAcademyContent(databaseFile: string, prefix = 'editor-test') {
  const now = Date.now()
  const keys = { video: `${prefix}-video`, quiz: `${prefix}-quiz`, course: `${prefix}-course` }
  let video = 0
  let course = 0
  let quiz = 0
  writeDb(databaseFile, (db) => {
    video = Number(
      db
        .prepare(
          "insert into videos (key, source, provider, provider_id, duration_seconds, position, source_locale, created_at, updated_at) values (?, 'embed', 'youtube', 'dQw4w9WgXcQ', 120, 5, 'en', ?, ?)",
        )
        .run(keys.video, now, now).lastInsertRowid,
    )
    const videoText = db.prepare(
      'insert into video_translations (video_id, locale, title, description, captions, status, revision, source_revision, updated_at, published_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    )
    videoText.run(video, 'en', 'Set up tracking', 'How to set up tracking.', '', 'published', 2, 2, now, now)
    videoText.run(video, 'ru', 'Настройка отслеживания', '', '', 'draft', 1, 2, now, null)
    videoText.run(video, 'es', 'Configurar el seguimiento', '', '', 'published', 1, 1, now, now)

    quiz = Number(
      db
        .prepare(
          "insert into quizzes (key, pass_mark, max_attempts, cooldown_minutes, source_locale, created_at, updated_at) values (?, 80, 3, 60, 'en', ?, ?)",
        )
        .run(keys.quiz, now, now).lastInsertRowid,
    )
    const question = Number(
      db
        .prepare("insert into quiz_questions (quiz_id, key, position, kind) values (?, 'q1', 1, 'single')")
        .run(quiz).lastInsertRowid,
    )
    db.prepare(
      "insert into quiz_options (question_id, key, position, correct) values (?, 'o1', 1, 1), (?, 'o2', 2, 1)",
    ).run(question, question)
    db.prepare(
      "insert into quiz_translations (quiz_id, locale, title, questions, status, revision, source_revision, updated_at) values (?, 'en', 'Tracking check', ?, 'draft', 1, 1, ?)",
    ).run(
      quiz,
      JSON.stringify({
        q1: { prompt: 'Where do postbacks go?', options: { o1: 'To the ad network', o2: 'Nowhere' } },
      }),
      now,
    )

    course = Number(
      db
        .prepare(
          "insert into courses (key, position, certificate_validity_months, source_locale, created_at, updated_at) values (?, 5, 12, 'en', ?, ?)",
        )
        .run(keys.course, now, now).lastInsertRowid,
    )
    db.prepare(
      "insert into course_translations (course_id, locale, title, summary, status, revision, source_revision, updated_at) values (?, 'en', 'Tracking basics', '', 'draft', 1, 1, ?)",
    ).run(course, now)
    const article = db.prepare('select id from articles order by id limit 1').get() as { id: number }
    const lesson = db.prepare(
      'insert into course_lessons (course_id, position, kind, video_id, article_id, quiz_id) values (?, ?, ?, ?, ?, ?)',
    )
    lesson.run(course, 1, 'video', video, null, null)
    lesson.run(course, 2, 'article', null, article.id, null)
    lesson.run(course, 3, 'quiz', null, null, quiz)
  })
  return { video, course, quiz, keys }
}
