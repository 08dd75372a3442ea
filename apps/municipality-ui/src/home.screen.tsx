import { useCan } from '@casenet/ui';
import { LocalServicesScreen } from './intakes/local-services.screen';
import { ScreeningScreen } from './screening/screening.screen';

/** The first screen is the role's main work: the screening queue, or for local services their report form. */
export function HomeScreen() {
  const can = useCan();
  return can('ScreeningController_queue') ? <ScreeningScreen /> : <LocalServicesScreen />;
}
