import type academy from '#locales/en/academy.json'
import type account from '#locales/en/account.json'
import type analytics from '#locales/en/analytics.json'
import type auth from '#locales/en/auth.json'
import type common from '#locales/en/common.json'
import type editor from '#locales/en/editor.json'
import type errors from '#locales/en/errors.json'
import type kb from '#locales/en/kb.json'
import type mail from '#locales/en/mail.json'
import type onboarding from '#locales/en/onboarding.json'
import type staff from '#locales/en/staff.json'
import type tasks from '#locales/en/tasks.json'
import type tickets from '#locales/en/tickets.json'
import type videos from '#locales/en/videos.json'

/** Keys are typed from the English files: a typo in a key is a compile error. */
declare module 'i18next' {
  // Module augmentation merges into the library's own interface, which a type alias cannot do.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface CustomTypeOptions {
    defaultNS: 'common'
    resources: {
      common: typeof common
      errors: typeof errors
      auth: typeof auth
      account: typeof account
      staff: typeof staff
      mail: typeof mail
      kb: typeof kb
      editor: typeof editor
      onboarding: typeof onboarding
      tasks: typeof tasks
      tickets: typeof tickets
      videos: typeof videos
      academy: typeof academy
      analytics: typeof analytics
    }
  }
}
