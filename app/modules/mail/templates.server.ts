import { formatDuration } from '~/modules/i18n/format'
import { serverT } from '~/modules/i18n/i18n.server'
import type { Locale } from '~/modules/i18n/locales'
import { formatMoment, formatTimeZoneName } from '~/modules/time/format-time'
import type { Mail } from './mail.server'

/** Plain-text mail in the recipient's language; links are absolute, built from SITE_URL. */
export function passwordResetMail(
  locale: Locale,
  to: string,
  input: { name: string; link: string; minutes: number; expiresAt: Date; timeZone: string },
): Mail {
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
      t('mail:reset.until', {
        time: formatMoment(locale, input.expiresAt, input.timeZone),
        zone: formatTimeZoneName(locale, input.timeZone, input.expiresAt),
      }),
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

/** To the owner of an address another company tried to invite: nothing changed, and how to move. */
export function invitationTakenMail(
  locale: Locale,
  to: string,
  input: { accountName: string; inviterName: string },
): Mail {
  const t = serverT(locale)
  const names = { inviter: input.inviterName, account: input.accountName }
  return {
    to,
    subject: t('mail:invitationTaken.subject', names),
    text: [
      t('mail:invitationTaken.intro', names),
      '',
      t('mail:invitationTaken.move', names),
      '',
      t('mail:signature'),
    ].join('\n'),
  }
}

/**
 * Tells a person a task of an account's plan is now theirs. The facts go on labelled lines,
 * which reads the same in every language whoever assigned it.
 */
export function taskAssignedMail(
  locale: Locale,
  to: string,
  input: {
    name: string
    title: string
    accountName: string
    dueDate: string | null
    assignedBy: string
    link: string
  },
): Mail {
  const t = serverT(locale)
  return {
    to,
    subject: t('mail:task.subject', { title: input.title }),
    text: [
      t('mail:greeting', { name: input.name }),
      '',
      t('mail:task.intro', { account: input.accountName }),
      '',
      t('mail:task.title', { title: input.title }),
      input.dueDate ? t('mail:task.due', { date: input.dueDate }) : t('mail:task.noDue'),
      t('mail:task.assignedBy', { name: input.assignedBy }),
      '',
      t('mail:task.open'),
      input.link,
      '',
      t('mail:signature'),
    ].join('\n'),
  }
}

export function ticketUpdateMail(
  locale: Locale,
  to: string,
  input: {
    name: string
    number: number
    subject: string
    status: string
    kind: 'reply' | 'status'
    /** A colleague copied on the ticket rather than its requester: "a ticket you are copied on". */
    copied?: boolean
    link: string
    /** When staff replied or changed the status, written on the recipient's clock. */
    at: Date
    timeZone: string
  },
): Mail {
  const t = serverT(locale)
  const status = t(`tickets:status.${input.status as 'open'}`)
  const when = t('mail:ticket.when', {
    time: formatMoment(locale, input.at, input.timeZone),
    zone: formatTimeZoneName(locale, input.timeZone, input.at),
  })
  return {
    to,
    subject: t(input.kind === 'reply' ? 'mail:ticket.replySubject' : 'mail:ticket.statusSubject', {
      number: input.number,
      subject: input.subject,
      status,
    }),
    text: [
      t('mail:greeting', { name: input.name }),
      '',
      input.kind === 'reply'
        ? t(input.copied ? 'mail:ticket.replyIntroCopied' : 'mail:ticket.replyIntro', {
            number: input.number,
          })
        : t(input.copied ? 'mail:ticket.statusIntroCopied' : 'mail:ticket.statusIntro', {
            number: input.number,
            status,
          }),
      when,
      '',
      t('mail:ticket.open'),
      input.link,
      '',
      t('mail:signature'),
    ].join('\n'),
  }
}

/**
 * The receipt of a ticket opened through the portal: its number, when the first answer is due
 * (how long from now in words, and the due moment on the recipient's clock with the zone
 * named) and the link to follow it.
 */
export function ticketReceiptMail(
  locale: Locale,
  to: string,
  input: {
    name: string
    number: number
    subject: string
    link: string
    /** The ticket's stored first_response_due_at; null when its tier has no target. */
    firstResponseDueAt: Date | null
    now: Date
    timeZone: string
  },
): Mail {
  const t = serverT(locale)
  const due = input.firstResponseDueAt
  return {
    to,
    subject: t('mail:ticket.receiptSubject', { number: input.number, subject: input.subject }),
    text: [
      t('mail:greeting', { name: input.name }),
      '',
      t('mail:ticket.receiptIntro', { number: input.number }),
      due
        ? t('mail:ticket.receiptDue', {
            duration: formatDuration(locale, (due.getTime() - input.now.getTime()) / 60_000),
            time: formatMoment(locale, due, input.timeZone),
            zone: formatTimeZoneName(locale, input.timeZone, due),
          })
        : t('mail:ticket.receiptNoTarget'),
      '',
      t('mail:ticket.receiptOpen'),
      input.link,
      '',
      t('mail:signature'),
    ].join('\n'),
  }
}

/** To a colleague just copied on a ticket: who added them, what it is about and where to follow it. */
export function ticketCcAddedMail(
  locale: Locale,
  to: string,
  input: { name: string; addedBy: string; number: number; subject: string; link: string },
): Mail {
  const t = serverT(locale)
  return {
    to,
    subject: t('mail:ticket.ccSubject', {
      number: input.number,
      name: input.addedBy,
      subject: input.subject,
    }),
    text: [
      t('mail:greeting', { name: input.name }),
      '',
      t('mail:ticket.ccIntro', { number: input.number, name: input.addedBy, subject: input.subject }),
      t('mail:ticket.ccWhat'),
      '',
      t('mail:ticket.open'),
      input.link,
      '',
      t('mail:signature'),
    ].join('\n'),
  }
}
