import { Form } from '@remix-run/react'
import { FormMessage, SelectField } from '~/components/ui/field'
import { useTranslation } from '~/modules/i18n/use-translation'

export type CcPerson = { userId: number; name: string; disabled: boolean; email?: string }

export type CcResult = {
  intent: string
  done: boolean
  fieldErrors: Record<string, string | undefined>
  formError?: string
  ccName?: string
}

/**
 * Who is copied on a ticket, with a plain form to add a colleague (a select and a button) and
 * one to remove each, so it all works without JavaScript. The customer's and the staff ticket
 * page share it; each says who may manage the copy. A person copied who may not manage it gets
 * "Stop following" for themselves.
 */
export function TicketCcPanel({
  title,
  lead,
  ccs,
  candidates,
  canManage,
  selfId,
  result,
}: {
  title: string
  lead: string
  ccs: CcPerson[]
  candidates: { id: number; name: string }[]
  canManage: boolean
  selfId?: number
  result: CcResult | null
}) {
  const { t } = useTranslation('tickets')
  const copiedSelf = selfId !== undefined && ccs.some((person) => person.userId === selfId)
  const failed = result !== null && !result.done
  return (
    <section className="panel" aria-labelledby="cc-heading">
      <h2 id="cc-heading">{title}</h2>
      <p className="muted">{lead}</p>
      {result?.done && result.ccName && (
        <FormMessage
          success={t(result.intent === 'ccAdd' ? 'customer.cc.added' : 'customer.cc.removed', {
            name: result.ccName,
          })}
        />
      )}
      {failed && result.formError && <FormMessage error={result.formError} />}
      {ccs.length === 0 ? (
        <p>{t('customer.cc.none')}</p>
      ) : (
        <ul className="cc-list">
          {ccs.map((person) => (
            <li key={person.userId}>
              <span className="cc-list__name">
                {person.name}
                {person.userId === selfId && <> {t('customer.cc.you')}</>}
                {person.email && <span className="muted"> · {person.email}</span>}
                {person.disabled && (
                  <>
                    {' '}
                    <span className="badge badge--muted">{t('customer.cc.deactivated')}</span>
                  </>
                )}
              </span>
              {canManage && (
                <Form method="post" className="cc-list__form">
                  <input type="hidden" name="userId" value={person.userId} />
                  <button
                    type="submit"
                    name="intent"
                    value="ccRemove"
                    className="button button--quiet"
                    aria-label={t('customer.cc.removeNamed', { name: person.name })}
                  >
                    {t('customer.cc.remove')}
                  </button>
                </Form>
              )}
            </li>
          ))}
        </ul>
      )}
      {canManage &&
        (candidates.length === 0 ? (
          <p className="muted">{t('customer.cc.noCandidates')}</p>
        ) : (
          <Form method="post" className="inline-fields" noValidate>
            <SelectField
              label={t('customer.cc.colleague')}
              name="userId"
              defaultValue=""
              required
              error={failed && result.intent === 'ccAdd' ? result.fieldErrors.userId : undefined}
            >
              <option value="">{t('customer.cc.choose')}</option>
              {candidates.map((person) => (
                <option key={person.id} value={person.id}>
                  {person.name}
                </option>
              ))}
            </SelectField>
            <button type="submit" name="intent" value="ccAdd" className="button">
              {t('customer.cc.add')}
            </button>
          </Form>
        ))}
      {copiedSelf && !canManage && (
        <Form method="post" className="stack">
          <p>
            {t('customer.cc.youAreCopied')} {t('customer.cc.stopHint')}
          </p>
          <input type="hidden" name="userId" value={selfId} />
          <div>
            <button type="submit" name="intent" value="ccRemove" className="button button--quiet">
              {t('customer.cc.stop')}
            </button>
          </div>
        </Form>
      )}
    </section>
  )
}
