import { Link } from '@tanstack/react-router';
import { usePageTitle } from '@casenet/ui';
import { useTranslation } from 'react-i18next';
import { useDesks } from './desks';

/** Where each role starts: only the desks it may use, each with what it is for. */
export function HomeScreen() {
  const { t } = useTranslation();
  usePageTitle(t('home.title'));
  const desks = useDesks();
  return (
    <>
      <h1 className="h2">{t('home.title')}</h1>
      <p>{t('home.intro')}</p>
      {desks.length === 0 ? (
        <p>{t('home.none')}</p>
      ) : (
        <ul className="list-unstyled row g-3">
          {desks.map((desk) => (
            <li key={desk.to} className="col-12 col-md-6">
              <div className="card card-bg h-100 p-3 border">
                <h2 className="h4">
                  <Link to={desk.to}>{t(`nav.${desk.key}`)}</Link>
                </h2>
                <p className="mb-0">{t(`home.${desk.key}`)}</p>
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
