import { useEffect, useState } from 'react';

/**
 * "New since you last looked" for a list: when this browser last showed it. Only that instant is
 * stored (localStorage, per agency and list), never a case or a person.
 */
export function useLastLooked(agency: string, list: string): (time: string | null | undefined) => boolean {
  const key = `casenet:${agency}:last-looked:${list}`;
  const [previous] = useState(() => window.localStorage.getItem(key));
  useEffect(() => {
    window.localStorage.setItem(key, new Date().toISOString());
  }, [key]);
  return (time) => Boolean(time && previous && Date.parse(time) > Date.parse(previous));
}
