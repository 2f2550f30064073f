import { render } from 'preact';
import { App } from './App.tsx';
import { AppContext, createAppState } from './state/AppState.ts';
import './styles.css';

const root = document.getElementById('app');
if (!root) throw new TypeError('index.html has no #app element');
const app = createAppState(window);
// A language other than bokmål (chosen earlier) fetches its texts before the first paint, so
// the page never flashes in another language; bokmål's are already here.
const mount = (): void =>
  render(
    <AppContext.Provider value={app}>
      <App />
    </AppContext.Provider>,
    root,
  );
app.i18n.load('core').then(mount, mount);
