import i18next, { type i18n, type Resource } from 'i18next';
import { initReactI18next } from 'react-i18next';
import commonEn from './common.en.json';
import commonIt from './common.it.json';

export const LANGUAGES = ['it', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Italian first: the UI opens in Italian whatever the browser says; English is one click away. */
export function createI18n(screens: { it: Record<string, unknown>; en: Record<string, unknown> }): i18n {
  const resources: Resource = {
    it: { translation: { ...commonIt, ...screens.it } },
    en: { translation: { ...commonEn, ...screens.en } },
  };
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({ resources, lng: 'it', fallbackLng: 'it', interpolation: { escapeValue: false }, returnNull: false });
  instance.on('languageChanged', (language) => document.documentElement.setAttribute('lang', language));
  document.documentElement.setAttribute('lang', 'it');
  return instance;
}
