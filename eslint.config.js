// ESLint flat config: typescript-eslint's strict and stylistic rules, React, hooks,
// accessibility and import order. Formatting is Prettier's job (`prettier --check`).
import js from '@eslint/js'
import importX from 'eslint-plugin-import-x'
import jsxA11y from 'eslint-plugin-jsx-a11y'
import react from 'eslint-plugin-react'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['build/', 'data/', '.cache/', 'coverage/', 'node_modules/', 'public/', 'db/migrations/'] },
  js.configs.recommended,
  tseslint.configs.strict,
  tseslint.configs.stylistic,
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { react, 'react-hooks': reactHooks, 'jsx-a11y': jsxA11y, 'import-x': importX },
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    settings: { react: { version: 'detect' }, 'import-x/internal-regex': '^(~|#db|#locales)/' },
    rules: {
      ...react.configs.flat.recommended.rules,
      ...react.configs.flat['jsx-runtime'].rules,
      ...reactHooks.configs.recommended.rules,
      ...jsxA11y.flatConfigs.recommended.rules,
      'import-x/order': [
        'error',
        {
          groups: ['builtin', 'external', 'internal', 'parent', 'sibling', 'index'],
          alphabetize: { order: 'asc', caseInsensitive: true },
        },
      ],
      'import-x/no-duplicates': 'error',
      // react-i18next's hook rebuilds its wrapper and `t` on every call (see use-translation.ts).
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'react-i18next',
              importNames: ['useTranslation'],
              message: "Use useTranslation from '~/modules/i18n/use-translation': it makes each t once.",
            },
          ],
        },
      ],
      // Scrollable code samples, diffs and table regions take focus so that a keyboard can
      // scroll them (WCAG 2.1.1; axe's scrollable-region-focusable).
      'jsx-a11y/no-noninteractive-tabindex': ['error', { tags: ['pre', 'ol'], roles: ['region'] }],
      // The house style declares object shapes with `type` (STYLE.md), and one way is enough.
      '@typescript-eslint/consistent-type-definitions': ['error', 'type'],
      // With noUncheckedIndexedAccess every array lookup is `T | undefined`; `!` after a lookup
      // the code has just made sure of (a row by its id, a regex group) is the deliberate idiom.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Form inputs and file names are cleaned of control characters on purpose.
      'no-control-regex': 'off',
      // `const { password: _password, ...rest } = user` is how a field is left out.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Test helpers such as `useBrowser` register vitest hooks, not React hooks.
    files: ['tests/**', '**/*.test.{ts,tsx}'],
    rules: { 'react-hooks/rules-of-hooks': 'off' },
  },
)
