import { Link } from '@remix-run/react'
import { useId } from 'react'
import { onboardingPhases } from '#db/schema/onboarding'
import { Field, SelectField } from '~/components/ui/field'
import type { FieldErrors } from '~/modules/http/forms'
import { useTranslation } from '~/modules/i18n/use-translation'
import { completeOnModes, type TextState } from '~/modules/onboarding/playbook-editor.schema'

/** A text's state as words in a badge (the colour only repeats them); a link when it leads to the text. */
export function TextStateBadge({ state, to, label }: { state: TextState; to?: string; label?: string }) {
  const { t } = useTranslation('editor')
  const className = `state-badge state-badge--${state}`
  const text = t(`playbooks.state.${state}`)
  return to ? (
    <Link to={to} className={className} aria-label={label}>
      {text}
    </Link>
  ) : (
    <span className={className}>{text}</span>
  )
}

function Checkbox({ name, label, defaultChecked }: { name: string; label: string; defaultChecked: boolean }) {
  const id = useId()
  return (
    <div className="checkbox">
      <input type="checkbox" id={id} name={name} defaultChecked={defaultChecked} />
      <label htmlFor={id}>{label}</label>
    </div>
  )
}

export type ItemFlagValues = {
  phase: string
  required: boolean
  valueMilestone: boolean
  eventKey: string
  completeOn: string
  articleKey: string
}

/** A new item's flags: required, ticked by hand until an event or a link says otherwise. */
export const newItemFlags: ItemFlagValues = {
  phase: '',
  required: true,
  valueMilestone: false,
  eventKey: '',
  completeOn: 'hand',
  articleKey: '',
}

/** The form values of an item's flags, from what was submitted (shown again after an error). */
export function submittedFlags(values: Record<string, string>): ItemFlagValues {
  return {
    phase: values.phase ?? '',
    required: values.required === 'on',
    valueMilestone: values.valueMilestone === 'on',
    eventKey: values.eventKey ?? '',
    completeOn: values.completeOn ?? '',
    articleKey: values.articleKey ?? '',
  }
}

/**
 * Phase, product event, linked article, how the step completes, required and value milestone:
 * the same fields to add or edit an item.
 */
export function ItemFlagFields({
  values,
  errors,
  showHints,
}: {
  values: ItemFlagValues
  errors: FieldErrors
  showHints: boolean
}) {
  const { t } = useTranslation(['editor', 'onboarding'])
  return (
    <>
      <SelectField
        label={t('playbooks.fields.phase')}
        name="phase"
        defaultValue={values.phase}
        error={errors.phase}
      >
        <option value="">{t('playbooks.fields.noPhase')}</option>
        {onboardingPhases.map((phase) => (
          <option key={phase} value={phase}>
            {t(`onboarding:phase.${phase}`)}
          </option>
        ))}
      </SelectField>
      <Field
        label={t('playbooks.fields.eventKey')}
        hint={showHints ? t('playbooks.fields.eventKeyHint') : undefined}
        name="eventKey"
        defaultValue={values.eventKey}
        autoCapitalize="none"
        spellCheck={false}
        error={errors.eventKey}
      />
      <Field
        label={t('playbooks.fields.articleKey')}
        hint={showHints ? t('playbooks.fields.articleKeyHint') : undefined}
        name="articleKey"
        defaultValue={values.articleKey}
        autoCapitalize="none"
        spellCheck={false}
        error={errors.articleKey}
      />
      {/* A row of its own: the hint and the longer choices do not fit a third of the row. */}
      <div className="flag-row">
        <SelectField
          label={t('playbooks.fields.completeOn')}
          hint={t('playbooks.fields.completeOnHint')}
          name="completeOn"
          defaultValue={values.completeOn}
          error={errors.completeOn}
        >
          {completeOnModes.map((mode) => (
            <option key={mode} value={mode}>
              {t(`playbooks.fields.completeOnModes.${mode}`)}
            </option>
          ))}
        </SelectField>
      </div>
      <div className="flag-checks">
        <Checkbox name="required" label={t('playbooks.fields.required')} defaultChecked={values.required} />
        <Checkbox
          name="valueMilestone"
          label={t('playbooks.fields.valueMilestone')}
          defaultChecked={values.valueMilestone}
        />
      </div>
    </>
  )
}
