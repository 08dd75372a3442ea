import { Button, Header, HeaderBrand, HeaderContent, HeaderRightZone } from 'design-react-kit';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../i18n/i18n.js';
import { useAgency, useSessionState } from './agency-context.js';

export interface NavEntry {
  to: string;
  label: string;
}

/** The page frame of every agency UI: Bootstrap Italia's header, a skip link, navigation, main. */
export function Shell({ nav, children }: { nav: readonly NavEntry[]; children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const { agency, session } = useAgency();
  const state = useSessionState();
  const signedIn = state.status === 'signed-in';
  const readOnly = signedIn && state.session.roles.every((role) => role === 'auditor');
  return (
    <>
      <a className="visually-hidden-focusable" href="#main">
        {t('app.skipToContent')}
      </a>
      <Header type="slim" theme="">
        <HeaderContent>
          <HeaderBrand tag="span">casenet · {t(`agency.${agency}`)}</HeaderBrand>
          <HeaderRightZone>
            <div className="d-flex align-items-center gap-2" role="group" aria-label={t('app.language')}>
              {LANGUAGES.map((language) => (
                // White on the header's blue (contrast 5.7:1); the chosen language is bold and pressed.
                <button
                  key={language}
                  type="button"
                  className={`btn btn-sm text-white px-2${i18n.language === language ? ' fw-bold text-decoration-underline' : ''}`}
                  aria-pressed={i18n.language === language}
                  onClick={() => void i18n.changeLanguage(language)}
                  lang={language}
                >
                  {language.toUpperCase()}
                </button>
              ))}
              {signedIn ? (
                <>
                  <span className="text-white small ms-2">{t('app.signedInAs', { role: state.session.roles.map((r) => t(`role.${r}`)).join(', ') })}</span>
                  <Button size="xs" color="primary" onClick={() => session.signOut()}>
                    {t('app.signOut')}
                  </Button>
                </>
              ) : null}
            </div>
          </HeaderRightZone>
        </HeaderContent>
      </Header>
      {signedIn && nav.length > 0 ? (
        <nav aria-label={t(`agency.${agency}`)} className="bg-primary-subtle border-bottom">
          <ul className="nav container">
            {nav.map((entry) => (
              <li className="nav-item" key={entry.to}>
                <Link to={entry.to} className="nav-link" activeProps={{ className: 'nav-link active fw-bold', 'aria-current': 'page' }}>
                  {entry.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <main id="main" tabIndex={-1} className="container my-4">
        {readOnly ? <p className="alert alert-info">{t('app.readOnly')}</p> : null}
        {children}
      </main>
      <footer className="it-footer-small-prints bg-dark text-white py-3 mt-5">
        <div className="container small">casenet — {t(`agency.${agency}`)}</div>
      </footer>
    </>
  );
}
