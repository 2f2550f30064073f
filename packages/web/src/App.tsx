import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { matchRoute, type Route } from './state/Router.ts';
import { useApp } from './state/AppState.ts';
import { Loading } from './components/Loading.tsx';
import { LiveAnnouncer } from './components/LiveAnnouncer.tsx';

type RouteName = Route['name'];
type PageProps = { route: Route };
type PageModule = { default: ComponentType<PageProps> };

// Each route is its own chunk, so the patient's link (/j/...) loads only the patient flow.
// Pages in STAFF_PAGES also load the staff screens' texts (i18n/staff/) before they show.
const PAGES: Record<RouteName, () => Promise<PageModule>> = {
  home: () => import('./pages/HomePage.tsx'),
  setup: () => import('./pages/SetupPage.tsx'),
  admin: () => import('./pages/AdminPage.tsx'),
  account: () => import('./pages/AccountPage.tsx'),
  call: () => import('./pages/HostCallPage.tsx'),
  // The journal summary (and its FHIR builder) loads for clinicians only, on its own page.
  summary: () => import('./pages/summary/SummaryPage.tsx'),
  meeting: () => import('./pages/meeting/MeetingPage.tsx'),
  join: () => import('./pages/patient/PatientPage.tsx'),
  // The equipment test (issue 9), its own chunk: nothing of it is in the patient's first load.
  equipmentTest: () => import('./pages/equipment/EquipmentTestPage.tsx'),
  // The accessibility statement (issue 11), with its own dictionary and the axe results it reports.
  accessibility: () => import('./pages/accessibility/AccessibilityPage.tsx'),
  notFound: () => import('./pages/NotFoundPage.tsx'),
};

const PATIENT_PAGES: ReadonlySet<RouteName> = new Set(['join', 'equipmentTest', 'notFound', 'accessibility']);

/** Loads and shows the page for the current path. */
export function App() {
  const { router, i18n } = useApp();
  const route = matchRoute(router.path.value);
  const [loaded, setLoaded] = useState<{ name: RouteName; Page: ComponentType<PageProps> } | null>(null);

  useEffect(() => {
    let isCurrent = true;
    const texts = PATIENT_PAGES.has(route.name) ? Promise.resolve() : i18n.load('staff');
    void Promise.all([PAGES[route.name](), texts]).then(([module]) => {
      if (isCurrent) setLoaded({ name: route.name, Page: module.default });
    });
    return () => {
      isCurrent = false;
    };
  }, [route.name, i18n]);

  return (
    <>
      {!loaded || loaded.name !== route.name ? <Loading /> : <loaded.Page route={route} />}
      <LiveAnnouncer />
    </>
  );
}
