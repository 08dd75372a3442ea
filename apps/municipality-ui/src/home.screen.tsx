import { useCan } from '@casenet/ui';
import { LocalServicesScreen } from './intakes/local-services.screen';
import { OsservatorioScreen } from './osservatorio/osservatorio.screen';
import { ScreeningScreen } from './screening/screening.screen';

/** The first screen is the role's main work: the screening queue, the Osservatorio for its analysts, or for local services their report form. */
export function HomeScreen() {
  const can = useCan();
  if (can('ScreeningController_queue')) return <ScreeningScreen />;
  if (can('OsservatorioController_tables')) return <OsservatorioScreen />;
  return <LocalServicesScreen />;
}
