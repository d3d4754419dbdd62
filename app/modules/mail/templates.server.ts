import { serverT } from '~/modules/i18n/i18n.server'
import type { Locale } from '~/modules/i18n/locales'
import type { Mail } from './mail.server'

/** Plain-text mail in the recipient's language; links are absolute, built from SITE_URL. */
export function passwordResetMail(locale: Locale, to: string, input: { name: string; link: string; minutes: number }): Mail {
  const t = serverT(locale)
  return {
    to,
    subject: t('mail:reset.subject'),
    text: [
      t('mail:greeting', { name: input.name }),
      '',
      t('mail:reset.intro'),
      input.link,
      '',
      t('mail:reset.expiry', { count: input.minutes }),
      t('mail:reset.ignore'),
      '',
      t('mail:signature'),
    ].join('\n'),
  }
}

export function invitationMail(
  locale: Locale,
  to: string,
  input: { accountName: string; inviterName: string; link: string; days: number },
): Mail {
  const t = serverT(locale)
  return {
    to,
    subject: t('mail:invitation.subject', { account: input.accountName }),
    text: [
      t('mail:invitation.intro', { inviter: input.inviterName, account: input.accountName }),
      '',
      input.link,
      '',
      t('mail:invitation.expiry', { count: input.days }),
      '',
      t('mail:signature'),
    ].join('\n'),
  }
}
