import { useEffect } from 'react';
import { useAgency } from './agency-context.js';

/** The tab's title names the screen, never a child or a case. */
export function usePageTitle(screen: string): void {
  const { agency } = useAgency();
  useEffect(() => {
    document.title = `${screen} · casenet ${agency}`;
  }, [screen, agency]);
}
