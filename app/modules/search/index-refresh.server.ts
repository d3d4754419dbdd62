import { locales, type Locale } from '~/modules/i18n/locales'
import type { LocaleFingerprints } from './search-index.server'

/** What a build delivers for one locale whose content changed. */
export type BuiltLocale<Payload> = { locale: Locale; fingerprint: string; payload: Payload }

/**
 * Builds the indexes of the locales whose fingerprint differs from `known`, handing each one to
 * `deliver` as soon as it is ready (so the memory of one locale is in flight at a time).
 * Resolves when every changed locale is delivered.
 */
export type IndexBuilder<Payload> = (
  known: Partial<LocaleFingerprints>,
  deliver: (built: BuiltLocale<Payload>) => Promise<void>,
) => Promise<void>

/**
 * When search indexes are rebuilt, one rule for all callers: at most one build runs; requests
 * that arrive during it are coalesced into one more build once it ends, which reads the content
 * as it is then (a burst of publishes costs two builds at most, and the last one has the latest
 * content). A locale is rebuilt only when its fingerprint differs from the one installed, and
 * `install` swaps it in one assignment, so searches keep the previous index until then.
 */
export function createIndexRefresher<Payload>({
  build,
  install,
  onError,
}: {
  build: IndexBuilder<Payload>
  install: (built: BuiltLocale<Payload>) => Promise<void>
  onError: (error: unknown) => void
}) {
  let installed: Partial<LocaleFingerprints> = {}
  let running: Promise<void> | null = null
  let again = false

  async function run() {
    do {
      again = false
      try {
        await build({ ...installed }, async (built) => {
          await install(built)
          installed[built.locale] = built.fingerprint
        })
      } catch (error) {
        onError(error)
      }
    } while (again)
    running = null
  }

  return {
    /** The fingerprints of the indexes in use. */
    installed: (): Partial<LocaleFingerprints> => ({ ...installed }),
    /** Records an index put in place without a build (loaded from disk at start). */
    markInstalled(locale: Locale, fingerprint: string) {
      installed[locale] = fingerprint
    },
    /** Forgets what is installed (it is gone): the next build builds every locale. */
    forget() {
      installed = {}
    },
    /** Whether `current` holds a locale whose installed index is of other content. */
    isStale: (current: LocaleFingerprints) => locales.some((locale) => installed[locale] !== current[locale]),
    /** Asks for a build; returns at once. */
    request() {
      if (running) {
        again = true
        return
      }
      running = run()
    },
    /** Resolves once no build runs or waits (for scripts and tests). */
    async idle() {
      while (running) await running
    },
    get building() {
      return running !== null
    },
  }
}
