// @vitest-environment node
import { describe, expect, it } from 'vitest'
import type { Locale } from '~/modules/i18n/locales'
import { foldAccents, isStopWord, normalizeText, wordTerms } from './lunr.server'
import { searchedWords, queryTerms } from './search.server'

/**
 * Forms a reader may type and forms a document may hold: each pair must meet, that is share an
 * index term, whichever side is the query. Both sides go through the same analysis.
 */
const pairs: Record<Locale, [string, string][]> = {
  en: [
    ['postback', 'postbacks'],
    ['dashboard', 'dashboards'],
    ['report', 'reports'],
    ['install', 'installed'],
    ['install', 'installing'],
    ['install', 'installs'],
    ['integration', 'integrations'],
    ['campaign', 'campaigns'],
    ['network', 'networks'],
    ['event', 'events'],
    ['link', 'linking'],
    ['link', 'linked'],
    ['configure', 'configured'],
    ['configure', 'configuring'],
    ['export', 'exporting'],
    ['export', 'exported'],
    ['invite', 'invited'],
    ['invite', 'inviting'],
    ['invoice', 'invoices'],
    ['purchase', 'purchases'],
    ['subscription', 'subscriptions'],
    ['attribute', 'attributed'],
    ['track', 'tracking'],
    ['track', 'tracked'],
    ['click', 'clicks'],
    ['window', 'windows'],
    ['cohort', 'cohorts'],
    ['verify', 'verified'],
    ['café', 'cafe'],
    ['naïve', 'naive'],
    ['Deep', 'deep'],
    ['SDK', 'sdk'],
  ],
  es: [
    ['integración', 'integraciones'],
    ['integracion', 'integración'],
    ['integraciones', 'integracion'],
    ['instalación', 'instalaciones'],
    ['instalacion', 'instalación'],
    ['configuración', 'configuraciones'],
    ['configuracion', 'configuración'],
    ['atribución', 'atribuciones'],
    ['atribucion', 'atribución'],
    ['aplicación', 'aplicaciones'],
    ['aplicacion', 'aplicación'],
    ['conversión', 'conversiones'],
    ['suscripción', 'suscripciones'],
    ['informe', 'informes'],
    ['campaña', 'campañas'],
    ['campana', 'campaña'],
    ['código', 'códigos'],
    ['codigo', 'código'],
    ['página', 'páginas'],
    ['pagina', 'página'],
    ['enlace', 'enlaces'],
    ['evento', 'eventos'],
    ['red', 'redes'],
    ['instalar', 'instalado'],
    ['instalar', 'instalando'],
    ['configurar', 'configurado'],
    ['configurar', 'configurando'],
    ['crear', 'creando'],
    ['exportar', 'exportado'],
    ['invitar', 'invitado'],
    ['panel', 'paneles'],
    ['compra', 'compras'],
    ['dashboard', 'dashboards'],
    ['Integración', 'integración'],
  ],
  pt: [
    ['atribuição', 'atribuições'],
    ['atribuicao', 'atribuição'],
    ['atribuicoes', 'atribuições'],
    ['atribuicoes', 'atribuição'],
    ['integração', 'integrações'],
    ['integracao', 'integração'],
    ['configuração', 'configurações'],
    ['configuracao', 'configuração'],
    ['instalação', 'instalações'],
    ['instalacao', 'instalação'],
    ['conversão', 'conversões'],
    ['conversao', 'conversão'],
    ['assinatura', 'assinaturas'],
    ['relatório', 'relatórios'],
    ['relatorio', 'relatório'],
    ['aplicativo', 'aplicativos'],
    ['campanha', 'campanhas'],
    ['código', 'códigos'],
    ['codigo', 'código'],
    ['evento', 'eventos'],
    ['rede', 'redes'],
    ['link', 'links'],
    ['postback', 'postbacks'],
    ['instalar', 'instalado'],
    ['instalar', 'instalando'],
    ['configurar', 'configurado'],
    ['configurar', 'configurando'],
    ['criar', 'criando'],
    ['exportar', 'exportado'],
    ['convidar', 'convidado'],
    ['informação', 'informações'],
    ['página', 'páginas'],
    ['pagina', 'página'],
    ['Configuração', 'configuração'],
  ],
  ru: [
    ['постбэк', 'постбэков'],
    ['постбэк', 'постбэки'],
    ['отчёт', 'отчет'],
    ['отчёты', 'отчеты'],
    ['отчёт', 'отчёты'],
    ['ещё', 'еще'],
    ['всё', 'все'],
    ['настройка', 'настройки'],
    ['настройка', 'настройку'],
    ['ссылка', 'ссылки'],
    ['ссылка', 'ссылками'],
    ['приложение', 'приложения'],
    ['приложение', 'приложений'],
    ['кампания', 'кампании'],
    ['кампания', 'кампаний'],
    ['событие', 'события'],
    ['событие', 'событий'],
    ['интеграция', 'интеграции'],
    ['подписка', 'подписки'],
    ['покупка', 'покупкой'],
    ['сеть', 'сети'],
    ['счёт', 'счета'],
    ['установить', 'установите'],
    ['установка', 'установки'],
    ['подключить', 'подключите'],
    ['экспорт', 'экспорта'],
    ['дашборд', 'дашборды'],
    ['дашборд', 'дашбордов'],
    ['атрибуция', 'атрибуции'],
    ['пользователь', 'пользователей'],
    ['Настройка', 'настройка'],
    ['ЁЖИК', 'ежик'],
  ],
}

const meet = (locale: Locale, a: string, b: string) => {
  const analyse = (word: string) => wordTerms(locale, normalizeText(word))
  const ofB = new Set(analyse(b))
  return analyse(a).some((term) => ofB.has(term))
}

describe('forms that must meet', () => {
  for (const locale of ['en', 'es', 'pt', 'ru'] as const) {
    it(`meets ${pairs[locale].length} pairs of ${locale} forms, whichever side is the query`, () => {
      expect(pairs[locale].length).toBeGreaterThanOrEqual(30)
      const apart = pairs[locale].filter(([a, b]) => !meet(locale, a, b) || !meet(locale, b, a))
      expect(apart).toEqual([])
    })
  }

  it('keeps different words apart', () => {
    expect(meet('pt', 'atribuição', 'atualização')).toBe(false)
    expect(meet('es', 'instalar', 'integrar')).toBe(false)
    expect(meet('ru', 'ссылка', 'сеть')).toBe(false)
  })
})

describe('normalisation', () => {
  it('composes decomposed accents, unfolds compatibility forms and folds case', () => {
    expect(normalizeText('integracio\u0301n')).toBe('integración')
    expect(normalizeText('ﬁle')).toBe('file')
    expect(normalizeText('ＳＤＫ')).toBe('sdk')
    expect(normalizeText('ОТЧЁТ')).toBe('отчёт')
    expect(queryTerms('Integracio\u0301n ＳＤＫ')).toEqual(['integración', 'sdk'])
  })

  it('folds the accents of Latin letters only', () => {
    expect(foldAccents('configuração')).toBe('configuracao')
    expect(foldAccents('йогурт')).toBe('йогурт')
  })
})

describe('stop words', () => {
  it('leaves them out of a query that has other words', () => {
    expect(searchedWords('es', queryTerms('cómo instalar el sdk'))).toEqual(['cómo', 'instalar', 'sdk'])
    expect(searchedWords('en', queryTerms('how to install the sdk'))).toEqual(['install', 'sdk'])
    expect(searchedWords('ru', queryTerms('как и где подключить')).includes('подключить')).toBe(true)
    expect(searchedWords('ru', queryTerms('как и где подключить'))).not.toContain('и')
  })

  it('never lets a query become empty because of them', () => {
    expect(searchedWords('en', queryTerms('the who'))).toEqual(['the', 'who'])
    expect(searchedWords('pt', queryTerms('para que'))).toEqual(['para', 'que'])
  })

  it('keeps words that are content in our documents', () => {
    expect(isStopWord('es', 'estado')).toBe(false)
    expect(isStopWord('es', 'para')).toBe(true)
  })
})
